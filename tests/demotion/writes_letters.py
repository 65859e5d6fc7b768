"""Write-matrix entries for the commitment letters (merged into tests/test_write_matrix.py, which passes Case and
api in). 张三's letter (tests/demotion/matrix_letters.py) is signed by 张三 alone: the staff who may read it are
refused (403), those who may not see it are told it does not exist (404). The policy is organization-wide HR's."""

READ_ONLY: set = {
    "demotion:letter_list",
    "demotion:my_letters",
    "demotion:letter_print",
    "demotion:letter_scan",
    "demotion_api:letters-letter-list",
    "demotion_api:letters-letter-detail",
}

HIDDEN = frozenset({"hr_other", "other_cadre", "pingyi"})  # 王五 (pingyi) is a cadre too, of another unit
SETUP = frozenset({"admin", "hr_all"})


def _letter(w) -> dict:
    return {"pk": w.letter.pk}


def _policy_form(w, persona) -> dict:
    return {
        "organization": w.org.pk,
        "letters_from": "2021-01-01",
        "letter_months": "2",
        "application_working_days": "3",
        "reason": "党组会议决定",
    }


def writes(Case, api) -> dict:
    return {
        "demotion:letter_detail": [
            Case(
                "张三 signs his letter",
                kwargs=_letter,
                data=lambda w, p: {"signed_name": "张三", "confirm": "1"},
                writers=frozenset({"cadre"}),
                hidden=HIDDEN,
            )
        ],
        "demotion:letter_overdue_action": [
            Case(
                "HR over 张三 reminds him of his overdue letter",
                kwargs=_letter,
                data=lambda w, p: {"action": "remind"},
                writers=frozenset({"hr", "hr_all"}),
                hidden=frozenset({"hr_other"}),
            ),
            Case(
                "HR over 张三 refers his overdue letter to the party committee",
                kwargs=_letter,
                data=lambda w, p: {"action": "escalate", "reason": "多次催办仍未签署"},
                writers=frozenset({"hr", "hr_all"}),
                hidden=frozenset({"hr_other"}),
            ),
        ],
        "demotion_api:letters-letter-sign": [
            api(
                "张三 signs his letter",
                kwargs=_letter,
                data=lambda w, p: {"signed_name": "张三"},
                writers=frozenset({"cadre"}),
                hidden=HIDDEN,
            )
        ],
        "demotion:policy": [Case("change the letters' deadline", data=_policy_form, writers=SETUP)],
    }
