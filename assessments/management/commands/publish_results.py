"""`manage.py publish_results --org CODE --year YEAR --date YYYY-MM-DD [--user USERNAME]`."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.models import Publication
from assessments.services.publication import PUBLISHED_NOTICE_KIND, publication_publish
from common.errors import ApplicationError
from common.workdays import format_date_zh
from notices.models import Notice
from org.models import Organization


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("日期“%(value)s”格式不对,应为 YYYY-MM-DD。") % {"value": value}) from exc


class Command(BaseCommand):
    help = (
        "公布机构某年度的考核结果:须已经党组(党委)确认、优秀人选公示期满,公布日期须在公示截止日之后;"
        "公布后该年度评分锁定,并通知本版本的每名干部。不满足条件时打印原因并以状态 1 退出,不做任何修改。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构代码")
        parser.add_argument("--year", type=int, required=True, help="考核年度")
        parser.add_argument("--date", required=True, help="公布日期 YYYY-MM-DD")
        parser.add_argument("--user", help="以该用户(组织人事部门)的身份公布,记为公布人;不填则不记公布人")

    def handle(self, *args, org, year, date, user=None, **options):
        published_on = _date(date)
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(_("机构代码“%(code)s”不存在。") % {"code": org}, returncode=1)
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(_("用户“%(user)s”不存在或已停用。") % {"user": user}, returncode=1)
        publication = Publication.objects.filter(organization=organization, year=year).select_related("run").first()
        if publication is None:
            raise CommandError(
                _("%(org)s %(year)d 年的考核结果尚未经党组(党委)确认,不能公布。")
                % {"org": organization.name, "year": year},
                returncode=1,
            )
        try:
            publication = publication_publish(publication=publication, published_on=published_on, actor=actor)
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=1) from exc
        notified = Notice.objects.filter(
            kind=PUBLISHED_NOTICE_KIND,
            subject_type=ContentType.objects.get_for_model(Publication),
            subject_id=str(publication.pk),
            occurrence=f"published:{publication.run.version}",
        ).count()
        self.stdout.write(
            self.style.SUCCESS(
                _("%(org)s %(year)d 年度考核结果(第%(version)s版)已于%(date)s公布,已通知 %(n)d 名干部。")
                % {
                    "org": organization.name,
                    "year": year,
                    "version": publication.run.version,
                    "date": format_date_zh(published_on),
                    "n": notified,
                }
            )
        )
