from org.roles import get_roles


def roles(request):
    user_roles = get_roles(request.user)
    return {"user_roles": user_roles, "role_names": user_roles.names}
