"""Reads of the public vote page: is the window open, is a typed code good for this evaluation, and the form.

A refused code says why (mistyped, unknown, used, voided) and nothing more; an unknown code and a code of another
evaluation read the same.
"""

from dataclasses import dataclass
from typing import NoReturn

from django.utils import timezone
from django.utils.translation import gettext as _

from ballots import codes, scales
from ballots.models import BallotCode, Evaluation, Item, Subject
from ballots.selectors.evaluations import top_cap_allowed, window_state
from common.errors import ApplicationError


def window_refusal(evaluation: Evaluation) -> str | None:
    """Why the page takes no ballot now (None: it does)."""
    state = window_state(evaluation)
    local = timezone.localtime
    if state == "not_yet":
        return _("测评尚未开始,开始时间:%(at)s。") % {"at": local(evaluation.opens_at).strftime("%Y-%m-%d %H:%M")}
    if state in ("ended", "closed"):
        return _("测评已于%(at)s截止,不再接受投票。") % {"at": local(evaluation.closes_at).strftime("%Y-%m-%d %H:%M")}
    if state != "open":
        return _("测评尚未发布。")
    return None


def _refuse(message: str) -> NoReturn:
    raise ApplicationError(message, field_errors={"code": [message]})


def code_for_vote(*, evaluation: Evaluation, typed: str) -> BallotCode:
    """The code a rater typed, if it may vote in this evaluation now; else an ApplicationError on the `code` field."""
    refusal = window_refusal(evaluation)
    if refusal:
        _refuse(refusal)
    code = codes.normalize(typed)
    if not code:
        _refuse(_("请输入测评码。"))
    if not codes.well_formed(code):
        _refuse(_("测评码为%(n)s位,只含数字2–9和字母(不含I、L、O),请核对后重新输入。") % {"n": codes.LENGTH})
    found = (
        BallotCode.objects.select_related("category")
        .filter(code_hash=codes.code_hash(code), evaluation=evaluation)
        .first()
    )
    if found is None:
        _refuse(_("测评码不正确,请核对后重新输入。"))
    if found.state == BallotCode.State.USED:
        _refuse(_("该测评码已经使用过,每个测评码只能投票一次。"))
    if found.state == BallotCode.State.VOIDED:
        _refuse(_("该测评码已作废,请向组织人事部门咨询。"))
    return found


@dataclass(frozen=True)
class BallotForm:
    """What a rater fills: every subject on every item."""

    subjects: list[Subject]
    items: list[Item]
    cap: int | None  # how many subjects may get the top grade on each graded item (None: no cap)

    def top_labels(self) -> dict[int, str]:
        """{item id: the top grade's label} for the graded items the cap limits."""
        if self.cap is None:
            return {}
        return {
            item.pk: scales.option_label(scales.top_option(item.scale))  # type: ignore[arg-type]  # a graded scale has a top option
            for item in self.items
            if scales.is_graded(item.scale)
        }


def ballot_form(evaluation: Evaluation) -> BallotForm:
    subjects = list(Subject.objects.filter(evaluation=evaluation).select_related("cadre", "cadre__unit", "team"))
    items = list(Item.objects.filter(evaluation=evaluation))
    return BallotForm(subjects=subjects, items=items, cap=top_cap_allowed(evaluation, len(subjects)))
