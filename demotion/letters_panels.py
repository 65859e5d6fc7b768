"""The cadre's 我的档案 section: his commitment letters still waiting for his signature."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from demotion.selectors.letters import letter_status, my_letters
from org import panels
from org.roles import ROLE_CADRE


@panels.register(ROLE_CADRE, order=30)
def letters_to_sign(request) -> panels.Panel | None:
    letters = list(my_letters(user=request.user).filter(signed_at__isnull=True))
    if not letters:
        return None
    today = timezone.localdate()
    return panels.Panel(
        title=_("待签署的主动让贤承诺书"),
        template="demotion/_letter_panel.html",
        context={"items": [(letter, letter_status(letter, today)) for letter in letters]},
        count=len(letters),
        url=reverse("demotion:my_letters"),
        key="letters",
    )
