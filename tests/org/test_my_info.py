"""我的信息: what is held about a cadre, why, and (a setting) who read it."""

from common.models import ReadLog


def test_a_cadre_sees_what_is_held_about_them_and_why(world, as_persona):
    body = as_persona("cadre").get("/me/info/").content.decode()
    for shown in ["A001", "张三", "综合科一组", "组长", "科长组", "cadre"]:
        assert shown in body, shown
    assert "不参与任何计算" in body and "唯一识别你" in body
    assert "李四" not in body
    # by default the page does not list who read the records
    assert "谁查阅了我的记录" not in body


def test_with_the_setting_on_the_cadre_sees_who_read_their_records(world, as_persona, settings):
    settings.PRIVACY_SHOW_READERS = True
    hr = world.users["hr"]
    hr.first_name = "王人事"
    hr.save(update_fields=["first_name"])
    as_persona("hr").get(f"/org/cadres/{world.cadre.pk}/")
    as_persona("cadre").get("/me/")  # one's own reads are not listed
    as_persona("hr_other").get(f"/org/cadres/{world.other_cadre.pk}/")  # nor anyone else's
    assert ReadLog.objects.count() == 2
    body = as_persona("cadre").get("/me/info/").content.decode()
    assert "谁查阅了我的记录" in body and "王人事" in body and "干部详情" in body
    assert body.count("干部详情") == 1


def test_only_cadres_have_the_page(world, as_persona):
    for persona in ["hr", "committee", "sysadmin", "norole"]:
        assert as_persona(persona).get("/me/info/").status_code == 403
