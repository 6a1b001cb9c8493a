"""Two-level games: a deal must win over each side's public, not only its delegation.

Putnam (1988) calls the set of agreements that would be ratified at home a
side's **win-set**. In this model each side's public judges a package by the
same scoring table as its delegation, with three differences the article
points to:

* the public values the other side's promises at *its own* trust in the other
  society, ``tau`` (usually lower than the delegation's);
* a visible exchange that looks lopsided against it lowers its acceptance
  ("Azerbaijanis wonder why 32 Armenians were exchanged for 2 Azerbaijanis");
* a visible exchange that looks lopsided in its favour makes it suspect hidden
  terms ("Armenians voice conspiracy theories alleging that there must be some
  secret agenda"), the more so the less it trusts the other side.

Both publics have both mechanisms, with their own parameters; which one bites
depends only on the direction of the visible imbalance. Understanding
(``chi``, built by engagement) softens both reactions:

    a_p(o) = (V_p(o; tau_p) - r_p) / S_p
             - (1 - chi_p) * (f_p * L_p(o) + h_p * (1 - tau_p) * G_p(o))

The public ratifies ``o`` when ``a_p(o) >= theta_p``. ``V_p`` is the scoring
table with the other side's positive promises counted at ``tau_p``, ``r_p``
the reservation value, ``S_p`` the best gain the table allows (so that
``a`` is a share of what was possible), and ``L_p``, ``G_p`` (0 to 1) how
lopsided the visible counts are against and in favour of side p.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .credibility import outcome_sums, split_values
from .parameters import check_values, param
from .scenario import Outcome, Scenario, per_scenario


@dataclass(frozen=True)
class PublicProfile:
    """One side's public: where it starts and how it reacts."""

    trust: float = param(
        0.3,
        0,
        1,
        "The public's starting trust in the other society, used to value the other side's "
        "promises. Set equal to the delegations' starting trust: the article finds hostile "
        "attitudes in both societies, and nothing suggests the publics trust more.",
        symbol=r"\tau_0",
        label="starting public trust",
    )
    ceiling: float = param(
        0.4,
        0,
        1,
        "How far engagement alone can lift public trust before any tangible step: a little "
        "above the start, for the potential for peace the article sees in each society "
        "(multiculturalism teaching, diaspora experience). Tangible steps raise it.",
        symbol="K_0",
        label="starting ceiling of public trust",
    )
    threshold: float = param(
        0.0,
        -0.5,
        0.5,
        "How much better than no deal, as a share of the best possible gain, a package must "
        "look to the public. 0: the public accepts anything it judges at least as good as "
        "no deal; hostile attitudes would push it up.",
        symbol=r"\theta",
        label="acceptance threshold",
    )
    fairness: float = param(
        0.3,
        0,
        1,
        "A fully lopsided visible exchange against this side costs its public 30% of the best "
        "possible gain: enough to sink a modest deal, not a clearly good one.",
        symbol="f",
        label="reaction to a lopsided exchange against us",
    )
    suspicion: float = param(
        0.3,
        0,
        1,
        "The mirror of the fairness reaction: a fully lopsided visible exchange in this "
        "side's favour, at zero trust, makes its public suspect hidden terms worth 30% of the "
        "best possible gain. Same size as the fairness reaction, for balance.",
        symbol="h",
        label="suspicion of hidden terms",
    )
    understanding: float = param(
        0.0,
        0,
        1,
        "How well the public understands confidence-building at the start. 0: the article "
        "finds the broader societies 'unaware of the significance of confidence-building'.",
        symbol=r"\chi_0",
        label="starting understanding",
    )
    name: str = ""
    """How the public is named to students, e.g. 'The Armenian public'."""

    def __post_init__(self):
        check_values(self)


@dataclass(frozen=True)
class VisibleCount:
    """An issue whose options the public counts, such as servicemen released."""

    issue: str
    given_by: str
    counts: Mapping[str, float]
    """Option id -> how many the ``given_by`` side hands over under that option."""


@dataclass(frozen=True)
class Publics:
    """A scenario's ``publics`` section: one profile per party and the visible counts."""

    profiles: Mapping[str, PublicProfile]
    visible: tuple[VisibleCount, ...] = ()

    def profile(self, party_id: str) -> PublicProfile:
        return self.profiles[party_id]


@dataclass(frozen=True)
class PublicState:
    """A public's state at one moment: what engagement and experience have changed."""

    trust: float
    understanding: float
    ceiling: float

    @classmethod
    def start(cls, profile: PublicProfile) -> PublicState:
        return cls(profile.trust, profile.understanding, max(profile.ceiling, profile.trust))

    def __post_init__(self):
        for name in ("trust", "understanding", "ceiling"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
                raise ValueError(f"public {name} must be a number from 0 to 1, got {v!r}")


@dataclass(frozen=True)
class Verdict:
    """How one public judges one package, term by term (the widget shows each term)."""

    party: str
    gain: float
    """(V - r) / S: the package's value to the public over no deal, as a share of the best."""
    lopsided_against: float
    lopsided_for: float
    fairness_penalty: float
    suspicion_penalty: float
    threshold: float

    @property
    def acceptance(self) -> float:
        return self.gain - self.fairness_penalty - self.suspicion_penalty

    @property
    def ratifies(self) -> bool:
        return self.acceptance >= self.threshold - 1e-9


@dataclass(frozen=True)
class Ratification:
    """Would this package be signed by both delegations and ratified by both publics?"""

    outcome: Outcome
    delegations: Mapping[str, bool]
    """Per party: the delegation prefers the package to no deal, at its credibility."""
    verdicts: Mapping[str, Verdict]

    @property
    def signed(self) -> bool:
        return all(self.delegations.values())

    @property
    def ratified(self) -> bool:
        return self.signed and all(v.ratifies for v in self.verdicts.values())

    @property
    def rejecting_publics(self) -> list[str]:
        return [p for p, v in self.verdicts.items() if not v.ratifies]


def publics_of(scenario: Scenario) -> Publics:
    """The scenario's ``publics`` section, or mirrored default publics when it has none."""
    found = scenario.sections.get("publics")
    if isinstance(found, Publics):
        return found
    return Publics(MappingProxyType({p: default_profile(scenario, p) for p in scenario.party_ids}))


def default_profile(scenario: Scenario, party_id: str) -> PublicProfile:
    return PublicProfile(name=f"The public behind {scenario.party(party_id).label}")


def start_states(scenario: Scenario) -> dict[str, PublicState]:
    publics = publics_of(scenario)
    return {p: PublicState.start(publics.profile(p)) for p in scenario.party_ids}


class TwoLevel:
    """Every package of a scenario, judged by both delegations and both publics.

    Built once per scenario (one pass over the outcomes, in the same order as
    :class:`peacekit.model.analysis.Analysis`); each query is a pass over the
    outcomes with no scoring-table lookups.
    """

    def __init__(self, scenario: Scenario, publics: Publics | None = None):
        self.scenario = scenario
        self.publics = publics or publics_of(scenario)
        self.party_ids = scenario.party_ids
        self._fixed: dict[str, list[float]] = {}
        self._scaled: dict[str, list[float]] = {}
        self._scale: dict[str, float] = {}
        self._against: dict[str, list[float]] = {}
        self._for: dict[str, list[float]] = {}
        self._reservation = {p: scenario.party(p).reservation for p in self.party_ids}
        for p in self.party_ids:
            fixed, scaled = split_values(scenario, p)
            f, s = outcome_sums(fixed), outcome_sums(scaled)
            self._fixed[p], self._scaled[p] = f, s
            best = max(a + b for a, b in zip(f, s, strict=True)) - self._reservation[p]
            # The best gain the table allows; 1 when no package beats no deal at all.
            self._scale[p] = best if best > 0 else 1.0
            given, received = self._count_sums(p)
            against, favour = [], []
            for g, r in zip(given, received, strict=True):
                tilt = (g - r) / (g + r) if g + r > 0 else 0.0
                against.append(max(0.0, tilt))
                favour.append(max(0.0, -tilt))
            self._against[p], self._for[p] = against, favour
        self.count = len(self._fixed[self.party_ids[0]])
        self._zones: dict[tuple[float, ...], list[int]] = {}
        self._index = [{o.id: k for k, o in enumerate(i.options)} for i in scenario.issues]

    def _count_sums(self, party_id: str) -> tuple[list[float], list[float]]:
        by_issue = {v.issue: v for v in self.publics.visible}
        given_rows, received_rows = [], []
        for issue in self.scenario.issues:
            v = by_issue.get(issue.id)
            counts = [v.counts.get(o.id, 0.0) if v else 0.0 for o in issue.options]
            mine = v is not None and v.given_by == party_id
            given_rows.append(counts if mine else [0.0] * len(counts))
            received_rows.append([0.0] * len(counts) if mine or v is None else counts)
        return outcome_sums(given_rows), outcome_sums(received_rows)

    # -- indices ------------------------------------------------------------------------------
    def index(self, outcome: Outcome | Mapping[str, str] | int) -> int:
        if isinstance(outcome, int):
            if not 0 <= outcome < self.count:
                raise ValueError(f"outcome index {outcome} is out of range 0..{self.count - 1}")
            return outcome
        if not isinstance(outcome, Mapping):
            outcome = tuple(outcome)
            if len(outcome) != len(self.scenario.issues):
                raise ValueError(
                    f"an outcome needs one option for each of the {len(self.scenario.issues)} "
                    "issues"
                )
            outcome = self.scenario.choices(outcome)
        outcome = self.scenario.outcome(outcome)
        i = 0
        for lookup, option_id, issue in zip(
            self._index, outcome, self.scenario.issues, strict=True
        ):
            i = i * len(issue.options) + lookup[option_id]
        return i

    # -- the public's judgement -----------------------------------------------------------------
    def verdict(
        self,
        party_id: str,
        outcome: Outcome | Mapping[str, str] | int,
        state: PublicState | None = None,
    ) -> Verdict:
        i = self.index(outcome)
        prof = self.publics.profile(party_id)
        state = state or PublicState.start(prof)
        tau, chi = state.trust, state.understanding
        value = self._fixed[party_id][i] + tau * self._scaled[party_id][i]
        gain = (value - self._reservation[party_id]) / self._scale[party_id]
        against, favour = self._against[party_id][i], self._for[party_id][i]
        return Verdict(
            party=party_id,
            gain=gain,
            lopsided_against=against,
            lopsided_for=favour,
            fairness_penalty=(1 - chi) * prof.fairness * against,
            suspicion_penalty=(1 - chi) * prof.suspicion * (1 - tau) * favour,
            threshold=prof.threshold,
        )

    def acceptance(self, party_id: str, state: PublicState | None = None) -> list[float]:
        """The public's acceptance of every package, in outcome order."""
        prof = self.publics.profile(party_id)
        state = state or PublicState.start(prof)
        tau, chi = state.trust, state.understanding
        r, s = self._reservation[party_id], self._scale[party_id]
        f = (1 - chi) * prof.fairness
        h = (1 - chi) * prof.suspicion * (1 - tau)
        return [
            (a + tau * b - r) / s - f * lo - h * hi
            for a, b, lo, hi in zip(
                self._fixed[party_id],
                self._scaled[party_id],
                self._against[party_id],
                self._for[party_id],
                strict=True,
            )
        ]

    def win_set(self, party_id: str, state: PublicState | None = None) -> list[int]:
        """Indices of the packages this public would ratify (its win-set)."""
        theta = self.publics.profile(party_id).threshold - 1e-9
        return [i for i, a in enumerate(self.acceptance(party_id, state)) if a >= theta]

    def delegation_accepts(self, party_id: str, credibility: float) -> list[bool]:
        """Per package: does the delegation prefer it to no deal at ``credibility``?"""
        r = self._reservation[party_id] - 1e-9
        return [
            a + credibility * b >= r
            for a, b in zip(self._fixed[party_id], self._scaled[party_id], strict=True)
        ]

    def ratifiable(
        self,
        states: Mapping[str, PublicState] | None = None,
        credibility: Mapping[str, float] | None = None,
    ) -> list[int]:
        """Packages both delegations would sign (at ``credibility``, default full) and every
        public would ratify: the agreement zone intersected with the win-sets."""
        states = states or {}
        accepted = [set(self.win_set(p, states.get(p))) for p in self.party_ids]
        return [i for i in self.zone(credibility or {}) if all(i in s for s in accepted)]

    def zone(self, credibility: Mapping[str, float]) -> list[int]:
        """Packages every delegation prefers to no deal at ``credibility`` (cached: a
        simulation asks about the same few credibility levels again and again)."""
        key = tuple(float(credibility.get(p, 1.0)) for p in self.party_ids)
        found = self._zones.get(key)
        if found is None:
            cols = [self.delegation_accepts(p, c) for p, c in zip(self.party_ids, key, strict=True)]
            found = [i for i, col in enumerate(zip(*cols, strict=True)) if all(col)]
            if len(self._zones) > 4096:
                self._zones.clear()
            self._zones[key] = found
        return found

    def accepts(self, party_id: str, index: int, state: PublicState | None) -> bool:
        """Does this public ratify package ``index``? (One package; see :meth:`verdict`.)"""
        return self.verdict(party_id, index, state).ratifies

    def any_ratifiable(
        self, states: Mapping[str, PublicState], credibility: Mapping[str, float]
    ) -> bool:
        """Is some package in the zone and in every win-set? (Fast: looks at the zone only.)"""
        return any(
            all(self.accepts(p, i, states[p]) for p in self.party_ids)
            for i in self.zone(credibility)
        )

    def publics_agree(self, states: Mapping[str, PublicState]) -> bool:
        """Is some package in every public's win-set (whether or not a delegation would sign
        it)? Putnam: agreement needs the win-sets to overlap."""
        first, *others = self.party_ids
        candidates = self.win_set(first, states.get(first))
        for p in others:
            if not candidates:
                return False
            state = states.get(p)
            candidates = [i for i in candidates if self.accepts(p, i, state)]
        return bool(candidates)

    def judge(
        self, states: Mapping[str, PublicState], credibility: Mapping[str, float]
    ) -> tuple[dict[str, int], bool, int]:
        """``(win-set size per party, zone open?, number of ratifiable packages)``: what a
        simulation records every round."""
        accepted = []
        sizes = {}
        for p in self.party_ids:
            theta = self.publics.profile(p).threshold - 1e-9
            row = [a >= theta for a in self.acceptance(p, states.get(p))]
            sizes[p] = sum(row)
            accepted.append(row)
        zone = self.zone(credibility)
        ratifiable = sum(1 for i in zone if all(row[i] for row in accepted))
        return sizes, bool(zone), ratifiable

    def ratification(
        self,
        outcome: Outcome | Mapping[str, str] | int,
        states: Mapping[str, PublicState] | None = None,
        credibility: Mapping[str, float] | None = None,
    ) -> Ratification:
        i = self.index(outcome)
        states = states or {}
        credibility = credibility or {}
        return Ratification(
            outcome=self.outcome(i),
            delegations={
                p: self.delegation_accepts_one(p, i, credibility.get(p, 1.0))
                for p in self.party_ids
            },
            verdicts={p: self.verdict(p, i, states.get(p)) for p in self.party_ids},
        )

    def delegation_accepts_one(self, party_id: str, index: int, credibility: float) -> bool:
        value = self._fixed[party_id][index] + credibility * self._scaled[party_id][index]
        return value >= self._reservation[party_id] - 1e-9

    def outcome(self, index: int) -> Outcome:
        picks = []
        for issue in reversed(self.scenario.issues):
            index, k = divmod(index, len(issue.options))
            picks.append(issue.options[k].id)
        return tuple(reversed(picks))


@per_scenario
def two_level(scenario: Scenario) -> TwoLevel:
    """A cached :class:`TwoLevel` for ``scenario`` with its own publics."""
    return TwoLevel(scenario)


# -- the scenario file's ``publics`` section ---------------------------------------------------
