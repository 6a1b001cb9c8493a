"""Alternating offers against a computer counterpart, with a deadline.

A student plays one delegation; a :mod:`counterpart <peacekit.model.counterparts>`
plays the other. Each round the student makes an offer (a full package); the
counterpart accepts it or answers with a counter-offer. The student may accept
the last counter-offer at any time, or walk away. When the deadline passes
without agreement, both sides get their reservation values: no deal.

The transcript records every move with both sides' values, so the debrief can
show how far the result is from the Pareto frontier, who conceded what, and
where the Nash point lies. The same seed always gives the same transcript.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from .analysis import Analysis, analyse
from .counterparts import Counterpart, NegotiationState, tactic
from .scenario import Outcome, Scenario

OFFER = "offer"
ACCEPT = "accept"
WALK_AWAY = "walk away"
DEADLINE = "deadline"

OPEN = "open"
AGREED = "agreed"
NO_DEAL = "no deal"

MAX_DEADLINE = 30


@dataclass(frozen=True)
class Move:
    round: int
    party: str
    action: str
    outcome: Outcome | None = None
    values: Mapping[str, float] = field(default_factory=dict)
    """Each party's value of ``outcome`` at the session's trust."""


@dataclass(frozen=True)
class Concession:
    party: str
    opening_value: float
    final_value: float
    changed_issues: tuple[tuple[str, str, str], ...]
    """(issue label, option in the party's opening offer, option in the final result)."""

    @property
    def points(self) -> float:
        return round(self.opening_value - self.final_value, 9)


@dataclass(frozen=True)
class Debrief:
    status: str
    agreement: Outcome | None
    values: Mapping[str, float]
    gains: Mapping[str, float]
    frontier_distance: float | None
    frontier_steps: int | None
    on_frontier: bool
    nash: Outcome | None
    nash_values: Mapping[str, float]
    concessions: tuple[Concession, ...]
    rounds_used: int


class Side:
    """One delegation played by a counterpart tactic: what it asks for, offers and accepts."""

    def __init__(self, analysis: Analysis, party: str, tactic_: Counterpart, seed: int):
        self.analysis = analysis
        self.party = party
        self.tactic = tactic_
        self.rng = random.Random(seed)
        self.values = analysis.values[party]
        self.best = max(self.values)
        self.reservation = analysis.scenario.party(party).reservation
        # A side only ever considers packages it prefers to no deal.
        self.candidates = [i for i in range(analysis.count) if self.values[i] >= self.reservation]
        self.received: list[float] = []
        self.aspiration: float | None = None

    def receive(self, outcome: Outcome) -> None:
        self.received.append(self.analysis.utility(self.party, outcome))

    def aspire(self, round_: int, deadline: int) -> float:
        state = NegotiationState(
            round=round_,
            deadline=deadline,
            best=self.best,
            reservation=self.reservation,
            received=tuple(self.received),
            previous_aspiration=self.aspiration,
        )
        self.aspiration = self.tactic.aspiration(state)
        return self.aspiration

    def accepts(self, outcome: Outcome) -> bool:
        mine = self.analysis.utility(self.party, outcome)
        return (
            mine >= self.reservation
            and self.aspiration is not None
            and (mine >= self.aspiration - 1e-9)
        )

    def choose(self, their_offer: Outcome | None) -> Outcome | None:
        """A package worth at least the aspiration to this side, as close as possible to
        the other side's last offer (a side does not know the other's points, so it looks
        for what the other asked for). ``None`` if no package beats no deal."""
        if not self.candidates:
            return None
        floor = max(self.aspiration or self.best, self.reservation) - 1e-9
        pool = [i for i in self.candidates if self.values[i] >= floor]
        if not pool:  # aspiration above every value: offer the best
            pool = [max(self.candidates, key=lambda i: (self.values[i], -i))]
        lowest = min(self.values[i] for i in pool)
        band = max(1e-9, 0.05 * (self.best - self.reservation))
        near = [i for i in pool if self.values[i] <= lowest + band]
        if their_offer is not None:

            def shared(i: int) -> int:
                own = self.analysis.outcome(i)
                return sum(a == b for a, b in zip(own, their_offer, strict=True))

            top = max(shared(i) for i in near)
            near = [i for i in near if shared(i) == top]
        return self.analysis.outcome(self.rng.choice(sorted(near)))


class Negotiation:
    """One mock negotiation between a student (``player``) and a computer counterpart."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        player: str,
        counterpart: str | Counterpart = "linear",
        deadline: int = 8,
        trust: Mapping[str, float] | None = None,
        guarantor: str | None = None,
        seed: int = 0,
    ):
        if player not in scenario.party_ids:
            raise ValueError(
                f"'{player}' is not a party; expected one of: " + ", ".join(scenario.party_ids)
            )
        if len(scenario.parties) != 2:
            raise ValueError("a mock negotiation needs a scenario with exactly two parties")
        if (
            isinstance(deadline, bool)
            or not isinstance(deadline, int)
            or not (1 <= deadline <= MAX_DEADLINE)
        ):
            raise ValueError(
                f"the deadline must be a whole number of rounds from 1 to "
                f"{MAX_DEADLINE}, got {deadline!r}"
            )
        self.scenario = scenario
        self.player = player
        self.computer = scenario.other_parties(player)[0]
        self.counterpart = tactic(counterpart) if isinstance(counterpart, str) else counterpart
        self.deadline = deadline
        self.seed = seed
        self.trust = dict(trust or {})
        self.guarantor = guarantor
        self.analysis: Analysis = analyse(scenario, self.trust, guarantor)
        self.side = Side(self.analysis, self.computer, self.counterpart, seed)
        self.history: list[Move] = []
        self.status = OPEN
        self.agreement: Outcome | None = None
        self.round = 1

    # -- state -----------------------------------------------------------------------
    @property
    def last_counter_offer(self) -> Outcome | None:
        for move in reversed(self.history):
            if move.party == self.computer and move.action == OFFER:
                return move.outcome
        return None

    @property
    def rounds_left(self) -> int:
        return 0 if self.status != OPEN else self.deadline - self.round + 1

    def _move(self, party: str, action: str, outcome: Outcome | None) -> Move:
        values = self.analysis.utilities(outcome) if outcome is not None else {}
        move = Move(self.round, party, action, outcome, values)
        self.history.append(move)
        return move

    def _require_open(self) -> None:
        if self.status != OPEN:
            raise ValueError(f"the negotiation has ended ({self.status}); start a new one")

    # -- the student's moves ------------------------------------------------------------
    def offer(self, outcome: Outcome | Mapping[str, str]) -> Move:
        """Make an offer; return the counterpart's answer (accept, counter-offer or deadline)."""
        self._require_open()
        index = self.analysis.index(outcome)
        offered = self.analysis.outcome(index)
        self._move(self.player, OFFER, offered)

        self.side.receive(offered)
        self.side.aspire(self.round, self.deadline)
        if self.side.accepts(offered):
            return self._agree(self.computer, offered)
        counter = self.side.choose(offered)
        if self.round >= self.deadline or counter is None:
            self.status = NO_DEAL
            return self._move(self.computer, DEADLINE if counter else WALK_AWAY, None)
        move = self._move(self.computer, OFFER, counter)
        self.round += 1
        return move

    def accept(self) -> Move:
        """Accept the counterpart's last counter-offer."""
        self._require_open()
        outcome = self.last_counter_offer
        if outcome is None:
            raise ValueError("there is no counter-offer to accept yet; make an offer first")
        return self._agree(self.player, outcome)

    def walk_away(self) -> Move:
        self._require_open()
        self.status = NO_DEAL
        return self._move(self.player, WALK_AWAY, None)

    def _agree(self, party: str, outcome: Outcome) -> Move:
        self.status = AGREED
        self.agreement = outcome
        return self._move(party, ACCEPT, outcome)

    # -- after the negotiation -------------------------------------------------------------
    def debrief(self) -> Debrief:
        a = self.analysis
        if self.agreement is not None:
            values = a.utilities(self.agreement)
            gains = a.gains(self.agreement)
            distance = a.frontier_distance(self.agreement)
            steps = a.frontier_steps(self.agreement)
            on = a.on_frontier(self.agreement)
        else:
            values = {p: self.scenario.party(p).reservation for p in self.scenario.party_ids}
            gains = {p: 0.0 for p in self.scenario.party_ids}
            distance, steps, on = None, None, False
        nash = a.outcome(a.nash) if a.nash is not None else None
        concessions = []
        for party in self.scenario.party_ids:
            opening = next(
                (m.outcome for m in self.history if m.party == party and m.action == OFFER), None
            )
            if opening is None:
                continue
            final = self.agreement
            changed = ()
            if final is not None:
                changed = tuple(
                    (issue.label, issue.option(x).label, issue.option(y).label)
                    for issue, x, y in zip(self.scenario.issues, opening, final, strict=True)
                    if x != y
                )
            concessions.append(
                Concession(
                    party=party,
                    opening_value=a.utility(party, opening),
                    final_value=values[party],
                    changed_issues=changed,
                )
            )
        return Debrief(
            status=self.status,
            agreement=self.agreement,
            values=values,
            gains=gains,
            frontier_distance=distance,
            frontier_steps=steps,
            on_frontier=on,
            nash=nash,
            nash_values=a.utilities(nash) if nash is not None else {},
            concessions=tuple(concessions),
            rounds_used=max((m.round for m in self.history), default=0),
        )

    # -- export ------------------------------------------------------------------------------
    def transcript(self) -> dict:
        """Everything needed to replay or grade the session, as plain JSON-able data."""
        return {
            "format": "peacekit-transcript/1",
            "scenario": self.scenario.id,
            "player": self.player,
            "counterpart": self.counterpart.id,
            "deadline": self.deadline,
            "seed": self.seed,
            "trust": self.trust,
            "guarantor": self.guarantor,
            "status": self.status,
            "agreement": self.scenario.choices(self.agreement) if self.agreement else None,
            "moves": [
                {
                    **asdict(m),
                    "outcome": self.scenario.choices(m.outcome) if m.outcome else None,
                    "values": dict(m.values),
                }
                for m in self.history
            ],
        }

    def transcript_json(self) -> str:
        return json.dumps(self.transcript(), indent=2, ensure_ascii=False)

    def transcript_markdown(self) -> str:
        s = self.scenario
        name = {p.id: p.label for p in s.parties}
        lines = [
            f"# Negotiation transcript: {s.title}",
            "",
            f"- You played: {s.party(self.player).name}",
            f"- Counterpart: {s.party(self.computer).name}, tactic {self.counterpart.label}",
            f"- Deadline: {self.deadline} rounds; seed {self.seed}",
            f"- Result: {self.status}",
            "",
            f"| Round | Who | Move | Package | {name[self.player]} | {name[self.computer]} |",
            "|---|---|---|---|---|---|",
        ]
        for m in self.history:
            package = "; ".join(opt for _, opt in s.describe(m.outcome)) if m.outcome else ""
            v = m.values
            lines.append(
                f"| {m.round} | {name[m.party]} | {m.action} | {package} | "
                f"{_fmt(v.get(self.player))} | {_fmt(v.get(self.computer))} |"
            )
        lines += ["", "Points are illustrative teaching values, not measurements.", ""]
        return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def play_out(negotiation: Negotiation, player_tactic: str | Counterpart = "linear") -> Debrief:
    """Let a computer tactic play the student's side too (for tests and class demos).

    The simulated student raises or lowers its aspiration by its own tactic, accepts
    a counter-offer worth at least that, and otherwise offers the package closest to it.
    """
    chosen = tactic(player_tactic) if isinstance(player_tactic, str) else player_tactic
    me = Side(negotiation.analysis, negotiation.player, chosen, negotiation.seed + 1)
    while negotiation.status == OPEN:
        me.aspire(negotiation.round, negotiation.deadline)
        counter = negotiation.last_counter_offer
        if counter is not None and me.accepts(counter):
            negotiation.accept()
            break
        offer = me.choose(counter)
        if offer is None:
            negotiation.walk_away()
            break
        reply = negotiation.offer(offer)
        if reply.action == OFFER:
            me.receive(reply.outcome)
    return negotiation.debrief()
