def test_hr_sees_unit_tree(world, as_persona):
    response = as_persona("hr").get("/org/units/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "综合科一组" in body
    assert "城关所" not in body
