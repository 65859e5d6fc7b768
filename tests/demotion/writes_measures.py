"""Write-matrix entries for this area, merged into tests/test_write_matrix.py (which defines Case and api and passes
them in, so that this module need not import it).

The cases aim at 张三 (综合科): HR of 城关所 does not find him (the form again on a page, 400 from the API, 404 for a
protection named in the URL); the committee reads but does not record. Downloading the usage lists writes an audit
row, so it is a write for everyone who may read them."""

READ_ONLY: set = {
    "demotion:measure_list",
    "demotion:protection_list",
    "demotion:usage",
    "demotion_api:measure-usage-list",
}

HR_OF_A = frozenset({"admin", "hr", "hr_all"})
STAFF = frozenset({"admin", "hr", "hr_all", "hr_other", "committee"})


def _measure(w, persona) -> dict:
    return {"cadre": "A001", "kind": "transferred", "decided_on": "2025-06-02", "effective_from": "2025-06-02"}


def _protection(w, persona) -> dict:
    return {"cadre": "A001", "kind": "medical", "starts_on": "2025-07-01", "ends_on": "2025-09-30"}


def writes(Case, api) -> dict:
    protection = lambda w: {"pk": w.protection.pk}  # noqa: E731
    return {
        "demotion:measure_create": [
            Case(
                "a 调离岗位 of 张三, confirmed",
                data=lambda w, p: {**_measure(w, p), "confirmed": "1"},
                writers=HR_OF_A,
                answer={"hr_other": 200},
            )
        ],
        "demotion:protection_create": [
            Case("张三's medical period", data=_protection, writers=HR_OF_A, answer={"hr_other": 200})
        ],
        "demotion:protection_end": [
            Case(
                "end 张三's maternity leave",
                kwargs=protection,
                data=lambda w, p: {"ends_on": "2025-12-31"},
                writers=HR_OF_A,
                hidden=frozenset({"hr_other"}),
            )
        ],
        "demotion:usage_export": [Case("download the lists", method="get", writers=STAFF)],
        "demotion_api:measure-list": [
            api(
                "a 调离岗位 of 张三",
                data=lambda w, p: {**_measure(w, p), "cadre": w.cadre.pk},
                writers=HR_OF_A,
                answer={"hr_other": 400},
            )
        ],
        "demotion_api:measure-protection-list": [
            api(
                "张三's medical period",
                data=lambda w, p: {**_protection(w, p), "cadre": w.cadre.pk},
                writers=HR_OF_A,
                answer={"hr_other": 400},
            )
        ],
        "demotion_api:measure-protection-end": [
            api(
                "end 张三's maternity leave",
                kwargs=protection,
                data=lambda w, p: {"ends_on": "2025-12-31"},
                writers=HR_OF_A,
                hidden=frozenset({"hr_other"}),
            )
        ],
    }
