"""Where a request comes from: the one reading of the client's address, shared by the login lockout and the audit
trail, so both name the same address (django-axes' reading, with the trusted-proxy settings)."""

from axes.helpers import get_client_ip_address


def client_address(request) -> str | None:
    return get_client_ip_address(request)
