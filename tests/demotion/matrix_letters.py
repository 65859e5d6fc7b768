"""Permission-matrix entries for the commitment letters' pages and endpoints (merged into
tests/test_permission_matrix.py).

`setup(world)` gives 张三 (综合科一组组长, a middle-manager post) his unsigned letter; 李四's 所长 post is not a
middle-manager post and has none. A letter is its cadre's and the staff's whose units hold him: 城关所's HR and
李四 are told it does not exist. The policy page is every staff member's to read (organization-wide HR edit it)."""

STAFF = {"admin", "hr", "hr_other", "committee"}
LETTER_READERS = {"admin", "hr", "committee", "cadre"}
HIDDEN = {"hr_other", "other_cadre"}
API_READERS = STAFF | {"cadre", "other_cadre"}


def _expect(ok: set, hidden: set = frozenset(), anonymous: int = 302):
    def expect(persona):
        if persona == "anonymous":
            return anonymous
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _letter(w) -> dict:
    return {"pk": w.letter.pk}


def _post_only(persona):
    if persona == "anonymous":
        return 401
    return 405 if persona in API_READERS else 403


ENTRIES: dict = {
    "demotion:letter_list": (None, _expect(STAFF)),
    "demotion:my_letters": (None, _expect({"cadre", "other_cadre"})),
    "demotion:letter_detail": (_letter, _expect(LETTER_READERS, HIDDEN)),
    "demotion:letter_print": (_letter, _expect(LETTER_READERS, HIDDEN)),
    "demotion:policy": (None, _expect(STAFF)),
    "demotion_api:letters-letter-list": (None, _expect(API_READERS, anonymous=401)),
    "demotion_api:letters-letter-detail": (_letter, _expect(LETTER_READERS, HIDDEN, anonymous=401)),
    "demotion_api:letters-letter-sign": (_letter, _post_only),
    # HR's ways on for an overdue letter: POST only.
    "demotion:letter_overdue_action": (_letter, lambda persona: 302 if persona == "anonymous" else 405),
    # 张三's letter has no scan: those who may open the letter find none, the others are refused or told it is not there.
    "demotion:letter_scan": (_letter, _expect(set(), LETTER_READERS | HIDDEN)),
}


def setup(world) -> None:
    import datetime

    from demotion.models import CommitmentLetter, StepDownPolicy
    from demotion.services.letters import _letter_create, commitment_letters_sync

    policy = StepDownPolicy.objects.filter(organization=world.org).first() or StepDownPolicy.objects.create(
        organization=world.org, letters_from=datetime.date(2020, 1, 1)
    )
    commitment_letters_sync(organization=world.org, today=datetime.date(2023, 3, 2))
    letter = CommitmentLetter.objects.filter(cadre=world.cadre, signed_at__isnull=True).first()
    if letter is None:  # another area's setup moved the policy's start past 张三's appointment
        appointment = world.cadre.appointments.order_by("-start_date").first()
        _letter_create(appointment=appointment, organization=world.org, policy=policy)
        letter = CommitmentLetter.objects.get(appointment=appointment)
    world.letter = letter
