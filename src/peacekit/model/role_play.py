"""The classroom role play of a scenario: briefs, team roles, event cards, the guide's prose.

A published negotiation simulation is more than a scoring table: a general
brief that every participant reads, narrative confidential instructions per
delegation, one sheet per member of a team, a mediator or an observer, event
cards handed out at set minutes ("injects"), and a teacher's package. A
scenario file may carry all of it in its optional ``classroom`` section; the
scenarios layer reads it into the frozen values defined here, and the
classroom layer prints them. Nothing in this module reads a file.

Every paragraph is one of three kinds, and the printed sheets show which:
the exercise's own text (rules, and what "the capital", a role the facilitator
plays, wants), a **fact** with its sources, or **course fiction**, marked as
such. Numbers never appear in the prose as digits: placeholders such as
``{reservation}`` are filled in when the sheets are printed, so that a
classroom variant (:mod:`peacekit.model.variants`) keeps the words and the
tables in step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .scenario import Scenario

#: The seven sections of every delegation's confidential instructions, in print order.
SECTIONS = (
    "mandate",
    "priorities",
    "private_information",
    "deadline",
    "constituencies",
    "alternative",
    "success",
)
SECTION_HEADINGS = {
    "mandate": "Your mandate and the limits of your authority",
    "priorities": "What your capital wants, and why",
    "private_information": "What you know that the other side does not",
    "deadline": "Your deadline",
    "constituencies": "Who will judge the result at home",
    "alternative": "If there is no agreement",
    "success": "What counts as success",
}

#: What a debrief question is about; the last three of the first row are the article's
#: thesis (small steps or a silver bullet, the venue dilemma, societal engagement).
THEMES = (
    "process",
    "trades",
    "trust",
    "team",
    "small_steps",
    "venue",
    "societal",
    "comparison",
    "out_of_role",
)
THESIS_THEMES = ("small_steps", "venue", "societal")
THEME_LABELS = {
    "process": "The process",
    "trades": "Trades between issues",
    "trust": "Promises and trust",
    "team": "Inside the delegations",
    "small_steps": "The article's thesis: small steps or a silver bullet",
    "venue": "The article's thesis: the venue dilemma",
    "societal": "The article's thesis: societal engagement",
    "comparison": "The model and the real package",
    "out_of_role": "Out of role",
}

#: What an event card is: an invented event, a real one, or a task for the delegations.
BASES = ("fiction", "fact", "task")
#: The roles at a table besides the delegations.
THIRD_ROLES = ("mediator", "observer")
#: Who may receive an event card besides a party.
CARD_RECIPIENTS = ("all", "mediator", "observer")

#: Placeholders a delegation's own texts may use (besides its private numbers).
PARTY_PLACEHOLDERS = ("reservation", "minutes", "trust")
#: Placeholders for the model's figures, in the facilitator guide's prose only.
MODEL_PLACEHOLDERS = ("outcomes", "zone_size", "frontier_size", "nash", "reference_position")

#: Negotiation time, in minutes, that a classroom section may be written for.
MINUTES_RANGE = (15, 90)
DEFAULT_MINUTES = 30

#: Words a team sheet or the background may hold and still fit one printed page.
TEAM_SHEET_WORDS = 500
BACKGROUND_WORDS = 550


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of prose: exercise text, a fact (with sources) or course fiction."""

    text: str
    fiction: bool = False
    sources: tuple[str, ...] = ()
    """Ids of :attr:`RolePlay.sources`."""
    line: int = field(default=0, compare=False)
    """Its line in the scenario file, for messages about it (0 if not from a file)."""

    @property
    def is_fact(self) -> bool:
        return bool(self.sources) and not self.fiction


Paragraphs = tuple[Paragraph, ...]


@dataclass(frozen=True)
class CitedSource:
    id: str
    label: str
    url: str
    after_scene: bool = False
    """It reports how the real talks ended, so participants' sheets do not name it."""


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    event: str
    sources: tuple[str, ...]
    after_scene: bool = False


@dataclass(frozen=True)
class TermRow:
    topic: str
    usages: str
    course_usage: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrivateNumber:
    """A number in one party's prose (``{name}``) that a classroom variant may change."""

    party: str
    name: str
    value: float
    low: float
    high: float
    step: float = 1.0

    def grid(self) -> list[float]:
        """Every value a variant may draw: ``low, low + step, …`` up to ``high``."""
        count = math.floor((self.high - self.low) / self.step + 1e-9) + 1
        return [round(self.low + k * self.step, 9) for k in range(count)]


@dataclass(frozen=True)
class TeamRole:
    id: str
    title: str
    from_team_size: int = 1
    """The role is used only in delegations of at least this many students."""


@dataclass(frozen=True)
class TeamSheet:
    job: Paragraphs
    private_goal: Paragraphs


@dataclass(frozen=True)
class ThirdRole:
    kind: str
    """``mediator`` or ``observer``."""
    title: str
    brief: Paragraphs
    checklist: tuple[str, ...]
    private_goal: Paragraphs = ()


@dataclass(frozen=True)
class FollowUp:
    minute: int
    cards: Mapping[str, Paragraphs]


@dataclass(frozen=True)
class Inject:
    """An event card: who receives which text, at which minute of the negotiation."""

    id: str
    minute: int
    title: str
    basis: str
    presses: tuple[str, ...]
    cards: Mapping[str, Paragraphs]
    """Recipient (a party id, ``all``, ``mediator`` or ``observer``) -> the card's text."""
    facilitator_note: Paragraphs
    short_session: bool = False
    optional: bool = False
    follow_up: FollowUp | None = None


@dataclass(frozen=True)
class DebriefQuestion:
    question: str
    theme: str


@dataclass(frozen=True)
class FacilitatorProse:
    objectives: tuple[str, ...] = ()
    typical_results: Paragraphs = ()
    reveal: Paragraphs = ()
    debrief: tuple[DebriefQuestion, ...] = ()
    pitfalls: tuple[str, ...] = ()


@dataclass(frozen=True)
class VariantBounds:
    """How far a classroom variant's numbers may move from the published ones."""

    issue_weight: tuple[float, float] = (0.8, 1.25)
    option_jitter: float = 0.1
    reservation: tuple[float, float] = (0.85, 1.15)
    zone_size: tuple[float, float] = (0.7, 1.4)


@dataclass(frozen=True)
class RolePlay:
    """A scenario's ``classroom`` section."""

    scene: str
    general_brief: Paragraphs
    minutes: int = DEFAULT_MINUTES
    sources: Mapping[str, CitedSource] = field(default_factory=dict)
    background: Paragraphs = ()
    timeline: tuple[TimelineEntry, ...] = ()
    terminology: tuple[TermRow, ...] = ()
    instructions: Mapping[str, Mapping[str, Paragraphs]] = field(default_factory=dict)
    """Party id -> section (:data:`SECTIONS`, in that order) -> paragraphs."""
    private_numbers: tuple[PrivateNumber, ...] = ()
    team_roles: tuple[TeamRole, ...] = ()
    team_sheets: Mapping[tuple[str, str], TeamSheet] = field(default_factory=dict)
    """(party id, role id) -> that member's sheet."""
    third_roles: Mapping[str, ThirdRole] = field(default_factory=dict)
    without_third_role: Paragraphs = ()
    injects: tuple[Inject, ...] = ()
    facilitator: FacilitatorProse = FacilitatorProse()
    variants: VariantBounds = VariantBounds()

    def private_values(self, party_id: str) -> dict[str, float]:
        return {n.name: n.value for n in self.private_numbers if n.party == party_id}

    def timeline_before(self) -> tuple[TimelineEntry, ...]:
        """The entries participants read: up to the scene."""
        return tuple(e for e in self.timeline if not e.after_scene)

    def timeline_after(self) -> tuple[TimelineEntry, ...]:
        return tuple(e for e in self.timeline if e.after_scene)


# -- words ----------------------------------------------------------------------------------


def words(text: str) -> int:
    return len(text.split())


def prose_words(paragraphs: Iterable[Paragraph]) -> int:
    """The words of some paragraphs: a placeholder counts as the one word it prints."""
    return sum(words(p.text) for p in paragraphs)


def instructions_words(sections: Mapping[str, Paragraphs]) -> int:
    """Words of prose in one delegation's confidential instructions (tables not counted)."""
    return sum(prose_words(paragraphs) for paragraphs in sections.values())


def team_sheet_words(sheet: TeamSheet) -> int:
    return prose_words(sheet.job) + prose_words(sheet.private_goal)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """The sentences of a text, with runs of whitespace collapsed."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


# -- placeholders ---------------------------------------------------------------------------

_BRACES = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class PlaceholderError(ValueError):
    """A brace that opens or closes no placeholder."""


def placeholder_names(text: str) -> list[str]:
    """The names of the placeholders in ``text``, in order. ``{{`` and ``}}`` are literal
    braces; a lone brace raises :class:`PlaceholderError`."""
    names = []
    for match in _BRACES.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            raise PlaceholderError(token)
        names.append(match.group(1))
    return names


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every placeholder replaced by its value (the reader has checked the
    names, so an unknown one is a programming error and raises ``KeyError``)."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return values[match.group(1)]

    return _BRACES.sub(replace, text)


# -- event cards ----------------------------------------------------------------------------


def scaled_minute(minute: int, written_for: int, minutes: int) -> int:
    """The minute of an event card in a negotiation of ``minutes`` (halves round up)."""
    return math.floor(minute * minutes / written_for + 0.5)


def pressure(injects: Iterable[Inject], party_ids: Iterable[str]) -> dict[str, int]:
    """How many event cards press each party: the set is balanced when all are equal."""
    counts = dict.fromkeys(party_ids, 0)
    for inject in injects:
        for party in inject.presses:
            counts[party] = counts.get(party, 0) + 1
    return counts


def role_play_of(scenario: Scenario) -> RolePlay | None:
    """The scenario's role play (its ``classroom`` section), or ``None`` if it has none."""
    found = scenario.sections.get("classroom")
    return found if isinstance(found, RolePlay) else None
