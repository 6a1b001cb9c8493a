"""Scenarios: who negotiates, over what, and how each side scores it.

A scenario is a plain YAML file that an instructor can write (the format is
documented in the book's instructor appendix). :mod:`peacekit.scenarios` reads a
file into the frozen objects defined here; :mod:`peacekit.model.analysis` does
the arithmetic. Nothing in this module reads a file.

Two ideas from the article are built into the format:

* every option is either an immediate, verifiable **act** (a prisoner handover)
  or a **promise** about the future by one or more parties, because the other
  side values a promise only as far as it trusts the promiser (distrust);
* optional **third parties** (mediators, hosts, guarantors) carry each party's
  acceptance of them and their capacity to guarantee, because a guarantor that
  one side rejects restores nothing (the venue dilemma).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

#: Above this many outcomes the exact analysis is refused (it would be slow in
#: the browser and unreadable in class).
MAX_OUTCOMES = 250_000

#: With more parties the frontier costs more per outcome (a sweep with a dominance
#: structure of one more dimension per party, :mod:`peacekit.model.frontier`), so the
#: limit falls: each keeps the worst case, where every outcome is efficient, within
#: a few seconds on a 2-core machine.
MAX_OUTCOMES_BY_PARTIES = {2: MAX_OUTCOMES, 3: MAX_OUTCOMES, 4: 100_000, 5: 25_000, 6: 5_000}
MAX_OUTCOMES_MANY_PARTIES = 1_000


def max_outcomes(party_count: int) -> int:
    """The most outcomes a scenario with ``party_count`` parties may have."""
    return MAX_OUTCOMES_BY_PARTIES.get(party_count, MAX_OUTCOMES_MANY_PARTIES)


#: A party accepts a third party whose acceptance score is at least this.
ACCEPTANCE_THRESHOLD = 0.5

ACT = "act"
PROMISE = "promise"

Outcome = tuple[str, ...]
"""One option id per issue, in the scenario's issue order."""


@dataclass(frozen=True)
class Source:
    label: str
    url: str = ""


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    kind: str = ACT
    by: tuple[str, ...] = ()
    """The parties who act or promise; a promise is worth less to everyone else."""

    @property
    def is_promise(self) -> bool:
        return self.kind == PROMISE


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    options: tuple[Option, ...]
    description: str = ""

    def option(self, option_id: str) -> Option:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(f"issue '{self.id}' has no option '{option_id}'")

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    public_brief: str
    confidential_brief: str
    reservation: float
    reservation_description: str
    short_name: str = ""
    interests: tuple[str, ...] = ()
    brief_line: int = field(default=0, compare=False)
    """The line of the confidential brief in the scenario's file (0 if not read from a
    file), so that a message about this party's sheet can point at it."""

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class ThirdParty:
    """A candidate mediator, host or guarantor."""

    id: str
    name: str
    role: str
    capacity: float
    """Capacity to guarantee a promise, 0 (none) to 1 (full)."""
    acceptance: Mapping[str, float]
    """Each party's acceptance, 0 (unacceptable) to 1 (fully acceptable)."""
    note: str = ""

    def accepted_by(self, party_id: str) -> bool:
        return self.acceptance.get(party_id, 0.0) >= ACCEPTANCE_THRESHOLD

    def vetoed_by(self, party_ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p for p in party_ids if not self.accepted_by(p))


@dataclass(frozen=True)
class ReferencePackage:
    """A real package to compare with, e.g. the 7 December 2023 joint statement."""

    label: str
    outcome: Outcome
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    illustrative_note: str
    sources: tuple[Source, ...]
    parties: tuple[Party, ...]
    issues: tuple[Issue, ...]
    scores: Mapping[str, Mapping[str, Mapping[str, float]]]
    """party id -> issue id -> option id -> points."""
    third_parties: tuple[ThirdParty, ...] = ()
    reference: ReferencePackage | None = None
    path: str = ""
    sections: Mapping[str, Any] = field(default_factory=dict)
    """Optional sections, already read into the model's types by the loader: ``trust``
    (a :class:`peacekit.model.trust_ladder.TrustSetting`), ``publics`` (a
    :class:`peacekit.model.two_level.Publics`), ``stakeholders`` (a
    :class:`peacekit.model.stakeholders.Stakeholders`), ``classroom`` (a
    :class:`peacekit.model.role_play.RolePlay`). Absent sections mean defaults."""
    variant: int = 0
    """0 for the numbers in the file; N for classroom variant N
    (:func:`peacekit.model.variants.derive_variant`), whose private numbers differ."""

    # -- lookups -------------------------------------------------------------------
    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parties)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)

    def party(self, party_id: str) -> Party:
        for p in self.parties:
            if p.id == party_id:
                return p
        raise KeyError(f"scenario '{self.id}' has no party '{party_id}'")

    def issue(self, issue_id: str) -> Issue:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(f"scenario '{self.id}' has no issue '{issue_id}'")

    def third_party(self, third_party_id: str) -> ThirdParty:
        for t in self.third_parties:
            if t.id == third_party_id:
                return t
        raise KeyError(f"scenario '{self.id}' has no third party '{third_party_id}'")

    def other_parties(self, party_id: str) -> tuple[str, ...]:
        return tuple(p for p in self.party_ids if p != party_id)

    @property
    def outcomes_count(self) -> int:
        return math.prod(len(i.options) for i in self.issues)

    # -- outcomes ------------------------------------------------------------------
    def outcome(self, choices: Mapping[str, str]) -> Outcome:
        """Turn ``{issue id: option id}`` into an :data:`Outcome`, refusing bad values."""
        unknown = [k for k in choices if k not in self.issue_ids]
        if unknown:
            raise ValueError(
                f"unknown issue '{unknown[0]}'; expected one of: " + ", ".join(self.issue_ids)
            )
        result = []
        for issue in self.issues:
            if issue.id not in choices:
                raise ValueError(f"no option chosen for issue '{issue.id}'")
            option_id = choices[issue.id]
            if option_id not in issue.option_ids:
                raise ValueError(
                    f"'{option_id}' is not an option of issue '{issue.id}'; expected one of: "
                    + ", ".join(issue.option_ids)
                )
            result.append(option_id)
        return tuple(result)

    def choices(self, outcome: Outcome) -> dict[str, str]:
        """The inverse of :meth:`outcome`."""
        return dict(zip(self.issue_ids, outcome, strict=True))

    def describe(self, outcome: Outcome) -> list[tuple[str, str]]:
        """(issue label, option label) pairs, for people."""
        return [
            (issue.label, issue.option(option_id).label)
            for issue, option_id in zip(self.issues, outcome, strict=True)
        ]

    def points(self, party_id: str, outcome: Outcome) -> float:
        """Plain points from the scoring table, with no trust discount."""
        table = self.scores[party_id]
        return sum(table[i][o] for i, o in zip(self.issue_ids, outcome, strict=True))


_Model = TypeVar("_Model")


def per_scenario(build: Callable[[Scenario], _Model]) -> Callable[[Scenario], _Model]:
    """Build a model of a scenario once per scenario object and reuse it.

    Models that pass over every outcome (the trust index, the two-level model) are
    wanted again at every control change. Scenarios are matched by identity (comparing
    two field by field would cost more than it saves); the eight built last are kept.
    """
    built: list[tuple[Scenario, _Model]] = []

    @functools.wraps(build)
    def cached(scenario: Scenario) -> _Model:
        for known, model in built:
            if known is scenario:
                return model
        model = build(scenario)
        built.insert(0, (scenario, model))
        del built[8:]
        return model

    return cached
