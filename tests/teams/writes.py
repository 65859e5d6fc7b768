"""Write-matrix entries for the teams, merged into tests/test_write_matrix.py (which passes Case and api in). The
world is tests/teams/matrix.py's: 综合科一组's team, which HR of 城关所 does not find; grading is the committee's."""

from django.utils import timezone

HR_OF_A = frozenset({"admin", "hr", "hr_all"})
HIDDEN = frozenset({"hr_other"})

READ_ONLY: set = {"teams:team_list", "teams:team_detail", "teams_api:team-list", "teams_api:team-detail"}


def _today() -> str:
    return timezone.localdate().isoformat()


def _post_evaluation(w, persona) -> dict:
    data = {"evaluated_on": _today(), "outstanding": [w.cadre.pk]}
    for dimension in ("political", "operation", "professional", "performance", "problems"):
        data[f"score_{dimension}"] = "85"
        data[f"evidence_{dimension}"] = "评估组材料"
    for key, value in {"max_vacancies": 0, "min_under_45": 1, "min_women": 1, "min_degree_percent": 50,
                       "min_specialties": 2, "max_mean_age": 50, "min_tenure_spread_years": 2}.items():  # fmt: skip
        data[f"target_{key}"] = str(value)
    return data


def writes(Case, api) -> dict:
    team = lambda w: {"pk": w.team_a.pk}  # noqa: E731
    return {
        "teams:team_create": [
            Case(
                "综合科's team",
                data=lambda w, p: {"unit": w.unit_a.pk, "formed_on": "2024-01-01"},
                writers=HR_OF_A,
                answer={"hr_other": 200},
            )
        ],
        "teams:profile_edit": [
            Case(
                "张三's data",
                kwargs=lambda w: {"pk": w.team_a.pk, "cadre_pk": w.cadre.pk},
                data=lambda w, p: {"political_status": "party", "education": "postgraduate", "specialty": "法学"},
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
        "teams:grade_decide": [
            Case(
                "grade the year before last",
                kwargs=team,
                data=lambda w, p: {
                    "year": timezone.localdate().year - 2,
                    "grade": "2",
                    "basis": "年度考核情况",
                    "decided_on": _today(),
                },  # fmt: skip
                writers=frozenset({"committee"}),
            )
        ],
        "teams:consequence_done": [
            Case(
                "the improvement done",
                kwargs=lambda w: {"pk": w.team_consequence.pk},
                data=lambda w, p: {"done_on": _today(), "note": "已整改到位"},
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
        "teams:post_evaluation_create": [
            Case("a post-evaluation", kwargs=team, data=_post_evaluation, writers=HR_OF_A, hidden=HIDDEN)
        ],
    }
