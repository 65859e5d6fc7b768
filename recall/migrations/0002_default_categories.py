from django.db import migrations

# The seven kinds of recall targets (洞头区“回炉再造”体系: 将"红牌"警示科级干部、全员竞聘落聘干部、各类年度考核较差干部等七类人员作为
# 召回管理对象). The seed names three; the other four are the kinds other recall schemes list (日常监督、民主测评、组织评价).
# An organization renames, retires or adds kinds with rows of its own.
DEFAULTS = [
    ("red_card", "全程积分考核红牌警示的科级干部", "red_card", 1),
    ("competition", "全员竞聘落聘干部", "competition", 2),
    ("grade", "年度考核较差(基本称职、不称职)干部", "grade", 3),
    ("democratic", "民主测评认可度低的干部", "manual", 4),
    ("inaction", "日常监督中发现不担当不作为的干部", "manual", 5),
    ("accountability", "受到问责或通报批评、造成不良影响的干部", "manual", 6),
    ("unfit", "经组织评价不胜任现职的其他干部", "manual", 7),
]


def add(apps, schema_editor):
    Category = apps.get_model("recall", "RecallCategory")
    for code, name, source, order in DEFAULTS:
        Category.objects.update_or_create(
            organization=None, code=code, defaults={"name": name, "source": source, "sort_order": order}
        )


def remove(apps, schema_editor):
    apps.get_model("recall", "RecallCategory").objects.filter(organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("recall", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
