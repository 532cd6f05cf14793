"""The demonstration programme as data: who, which relationships, which reviews.

``ltoapp/demo/__init__.py`` loads it; nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ltoapp.accounts.models import Role
from ltoapp.actions.models import ActionStatus

PARTNERSHIPS = {
    "Westfield Big Local": "Westfield estate",
    "Riverside Together": "Riverside ward",
    "Northmoor Big Local": "Northmoor",
    "Hilltop Big Local": "Hilltop and Canal Side",
}


LTOS = {
    "Westfield Community Trust": (
        "A development trust run from the estate's community centre."
    ),
    "Riverside Council Community Team": "The council's neighbourhood team.",
    "Riverside Community Hub": "A community anchor organisation with its own building.",
    "Northmoor Council for Voluntary Service": (
        "The borough's council for voluntary service, LTO for two partnerships."
    ),
}


@dataclass(frozen=True)
class DemoReview:
    held_on: date
    #: Typical "now" rating per question, in framework order; each participant
    #: varies around it.
    now: tuple[int, ...]
    at_first: tuple[int, ...]
    wanted: tuple[int, ...]
    participants: tuple[tuple[str, str | None], ...]
    actions: tuple[tuple[str, str, str, ActionStatus], ...] = ()
    workflow: str = "regular_review"
    #: The date agreed in the next steps for the following review.
    next_review_on: date | None = None
    #: Prompt key → the group's agreed answer.
    answers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoRelationship:
    partnership: str
    lto: str
    started_on: date
    ended_on: date | None
    reviews: tuple[DemoReview, ...]


_GROUP = (
    ("partnership", "Maureen (chair)"),
    ("partnership", None),
    ("partnership", "Dev"),
    ("lto", "Sam, LTO manager"),
    ("lto", None),
    ("neutral", "Ruth, rep"),
)


RELATIONSHIPS = (
    DemoRelationship(
        "Westfield Big Local",
        "Westfield Community Trust",
        date(2014, 5, 1),
        None,
        (
            DemoReview(
                date(2023, 3, 14),
                now=(7, 6, 6, 8, 8, 5, 5, 8, 6, 5),
                at_first=(3, 3, 4, 5, 6, 3, 3, 6, 3, 2),
                wanted=(8, 7, 8, 8, 8, 8, 7, 8, 8, 9),
                participants=_GROUP,
                actions=(
                    (
                        "Agree a timetable for six-monthly spending reports",
                        "lto",
                        "Sam",
                        ActionStatus.DONE,
                    ),
                    (
                        "Introduce the partnership to the council's regeneration forum",
                        "lto",
                        "Sam",
                        ActionStatus.IN_PROGRESS,
                    ),
                    (
                        "Write down how the partnership decides between meetings",
                        "partnership",
                        "Maureen",
                        ActionStatus.OPEN,
                    ),
                ),
            ),
            DemoReview(
                date(2024, 3, 19),
                next_review_on=date(2024, 9, 19),
                now=(8, 7, 7, 8, 8, 6, 7, 8, 7, 6),
                at_first=(3, 3, 4, 5, 6, 3, 3, 6, 3, 2),
                wanted=(8, 8, 8, 8, 7, 8, 8, 8, 8, 9),
                participants=_GROUP,
                actions=(
                    (
                        "Plan a skills session on reading the accounts",
                        "lto",
                        None,
                        ActionStatus.OPEN,
                    ),
                    (
                        "Start the legacy conversation at the autumn away day",
                        "partnership",
                        "Maureen",
                        ActionStatus.OPEN,
                    ),
                ),
            ),
        ),
    ),
    DemoRelationship(
        "Riverside Together",
        "Riverside Council Community Team",
        date(2013, 9, 1),
        date(2019, 3, 31),
        (
            DemoReview(
                date(2017, 10, 5),
                now=(3, 4, 3, 6, 5, 4, 5, 8, 3, 3),
                at_first=(4, 4, 4, 5, 5, 4, 5, 7, 4, 3),
                wanted=(8, 7, 8, 7, 7, 7, 8, 6, 8, 8),
                participants=_GROUP[:2] + _GROUP[3:],
                actions=(
                    (
                        "Invoices paid within 14 days of approval",
                        "lto",
                        None,
                        ActionStatus.DROPPED,
                    ),
                ),
            ),
            DemoReview(
                date(2019, 3, 14),
                now=(3, 3, 3, 5, 4, 4, 5, 7, 3, 3),
                at_first=(4, 4, 4, 5, 5, 4, 5, 7, 4, 3),
                wanted=(0,) * 10,
                participants=_GROUP[:2] + _GROUP[3:],
                workflow="exit_interview",
                answers={
                    "lessons_for_next_lto": (
                        "Agree how fast invoices are paid before anything else, "
                        "and meet every month in the first year."
                    )
                },
            ),
        ),
    ),
    DemoRelationship(
        "Riverside Together",
        "Riverside Community Hub",
        date(2019, 4, 1),
        None,
        (
            DemoReview(
                date(2020, 10, 8),
                now=(6, 5, 6, 7, 6, 5, 6, 6, 5, 5),
                at_first=(4, 4, 4, 5, 5, 4, 4, 5, 4, 3),
                wanted=(8, 7, 8, 8, 7, 8, 8, 7, 8, 8),
                participants=_GROUP,
            ),
            DemoReview(
                date(2022, 11, 2),
                now=(8, 7, 8, 9, 7, 7, 8, 7, 7, 7),
                at_first=(4, 4, 4, 5, 5, 4, 4, 5, 4, 3),
                wanted=(8, 8, 8, 8, 7, 8, 9, 7, 8, 9),
                participants=_GROUP,
                actions=(
                    (
                        "Draft an agreement for the partnership's room bookings",
                        "lto",
                        "Priya",
                        ActionStatus.OPEN,
                    ),
                ),
            ),
        ),
    ),
    DemoRelationship(
        "Northmoor Big Local",
        "Northmoor Council for Voluntary Service",
        date(2015, 1, 12),
        None,
        (
            DemoReview(
                date(2021, 6, 9),
                now=(5, 6, 5, 4, 7, 7, 8, 9, 6, 5),
                at_first=(4, 5, 4, 3, 5, 6, 6, 8, 5, 3),
                wanted=(7, 7, 7, 7, 7, 7, 8, 8, 7, 8),
                participants=_GROUP,
            ),
            DemoReview(
                date(2022, 6, 15),
                now=(6, 6, 6, 5, 7, 8, 8, 9, 6, 6),
                at_first=(4, 5, 4, 3, 5, 6, 6, 8, 5, 3),
                wanted=(7, 7, 8, 7, 7, 8, 8, 8, 7, 8),
                participants=_GROUP,
            ),
            DemoReview(
                date(2023, 6, 21),
                now=(6, 7, 6, 6, 7, 8, 9, 9, 7, 6),
                at_first=(4, 5, 4, 3, 5, 6, 6, 8, 5, 3),
                wanted=(7, 8, 8, 7, 7, 8, 8, 8, 8, 9),
                participants=_GROUP,
            ),
        ),
    ),
    DemoRelationship(
        "Hilltop Big Local",
        "Northmoor Council for Voluntary Service",
        date(2016, 2, 1),
        None,
        (
            DemoReview(
                date(2023, 9, 12),
                next_review_on=date(2025, 9, 30),
                now=(5, 5, 5, 5, 5, 5, 6, 5, 5, 5),
                at_first=(3, 3, 3, 4, 4, 4, 4, 5, 3, 3),
                wanted=(7, 7, 8, 8, 6, 7, 7, 6, 8, 8),
                participants=_GROUP[:4],
            ),
        ),
    ),
)


COMMENTS = {
    "confidence": "People speak up at meetings now who never used to.",
    "workers": "Recruiting our worker took far longer than it needed to.",
    "governance": "Their finance team keeps us right, but the paperwork is heavy.",
    "networks": "We got invited to the council's forum through them.",
}


#: What later reviews decided about earlier actions, and changes made between
#: reviews: (action description, index of the deciding review in its
#: relationship or None, new status, new due date or None to keep, note).
ACTION_HISTORY = (
    (
        "Agree a timetable for six-monthly spending reports",
        1,
        ActionStatus.DONE,
        None,
        "Reports now arrive in April and October.",
    ),
    (
        "Introduce the partnership to the council's regeneration forum",
        1,
        ActionStatus.IN_PROGRESS,
        date(2024, 6, 30),
        "First meeting booked; the forum only meets quarterly.",
    ),
    (
        "Invoices paid within 14 days of approval",
        None,
        ActionStatus.DROPPED,
        None,
        "The relationship is ending; the new LTO agreed 10 days instead.",
    ),
)


#: Demo accounts, one per role, for trying ltoapp locally. They exist only
#: where the demo has been loaded.
DEMO_PASSWORD = "demo-password-2026"


DEMO_ACCOUNTS = (
    # email, name, role, organisation, title, facilitated partnerships
    ("admin@example.org", "Alex Morgan", Role.ADMINISTRATOR, None, None, ()),
    (
        "rep@example.org",
        "Ruth Okafor",
        Role.FACILITATOR,
        None,
        None,
        ("Westfield Big Local", "Riverside Together"),
    ),
    (
        "chair@example.org",
        "Maureen Ellis",
        Role.MEMBER,
        "Westfield Big Local",
        "chair",
        (),
    ),
    (
        "lto@example.org",
        "Sam Patel",
        Role.MEMBER,
        "Westfield Community Trust",
        "LTO manager",
        (),
    ),
    (
        "hilltop@example.org",
        "Dev Sharma",
        Role.MEMBER,
        "Hilltop Big Local",
        "treasurer",
        (),
    ),
)


#: When the demo's people joined their organisations (and left, for one), so
#: the timeline shows people coming and going.
JOINED = {
    "chair@example.org": date(2019, 6, 1),
    "lto@example.org": date(2021, 1, 11),
    "hilltop@example.org": date(2020, 9, 1),
}


#: A former chair who left before the demo accounts existed; no sign-in.
FORMER_CHAIR = ("Jo Hughes", "Westfield Big Local", date(2014, 5, 1), date(2019, 5, 31))


#: People the demo's actions name, by the name the actions use.
ACTION_OWNERS = {"Maureen": "chair@example.org", "Sam": "lto@example.org"}
