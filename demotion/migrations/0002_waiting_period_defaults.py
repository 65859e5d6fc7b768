from django.db import migrations

# kind, no promotion (months), no leading post (months), basis. National defaults; an organization's own row for the
# same kind overrides one of them.
DEFAULTS = [
    ("reminder_talk", 0, 0, "提醒谈话不是组织处理,无影响期"),
    ("admonishment", 6, 0, "《党政领导干部选拔任用工作条例》:受到诫勉的,六个月内不得提拔"),
    ("post_adjusted", 12, 0, "《中国共产党组织处理规定(试行)》:调整职务的,一年内不得提拔"),
    ("transferred", 12, 0, "调离岗位属调整职务,一年内不得提拔"),
    ("rank_changed", 12, 0, "改任职级属调整职务,一年内不得提拔"),
    ("ordered_resign", 24, 12, "《中国共产党组织处理规定(试行)》:责令辞职的,一年内不安排领导职务,二年内不得担任高于原任职务层次的职务"),
    ("removed", 24, 12, "《中国共产党组织处理规定(试行)》:免职的,一年内不安排领导职务,二年内不得担任高于原任职务层次的职务"),
    ("demoted", 24, 0, "《中国共产党组织处理规定(试行)》:降职的,二年内不得提拔"),
    ("party_warning", 12, 0, "《中国共产党纪律处分条例》:受到警告处分一年内不得提拔"),
    ("party_serious_warning", 18, 0, "《中国共产党纪律处分条例》:受到严重警告处分一年半内不得提拔"),
    ("party_post_revoked", 24, 24, "《中国共产党纪律处分条例》:撤销党内职务的,二年内不得担任相当职务,不得提拔"),
    ("party_probation", 24, 24, "《中国共产党纪律处分条例》:留党察看期间及期满后按规定不得提拔"),
    ("gov_warning", 6, 0, "《公职人员政务处分法》:警告,处分期间六个月,不得晋升职务"),
    ("gov_demerit", 12, 0, "《公职人员政务处分法》:记过,处分期间十二个月,不得晋升职务"),
    ("gov_major_demerit", 18, 0, "《公职人员政务处分法》:记大过,处分期间十八个月,不得晋升职务"),
    ("gov_demotion", 24, 0, "《公职人员政务处分法》:降级,处分期间二十四个月,不得晋升职务"),
    ("gov_dismissal_from_post", 24, 24, "《公职人员政务处分法》:撤职,处分期间二十四个月,不得晋升职务"),
]


def add(apps, schema_editor):
    Rule = apps.get_model("demotion", "WaitingPeriodRule")
    for kind, promotion, leading, basis in DEFAULTS:
        Rule.objects.update_or_create(
            organization=None,
            kind=kind,
            defaults={"no_promotion_months": promotion, "no_leading_post_months": leading, "basis": basis},
        )


def remove(apps, schema_editor):
    apps.get_model("demotion", "WaitingPeriodRule").objects.filter(organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("demotion", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
