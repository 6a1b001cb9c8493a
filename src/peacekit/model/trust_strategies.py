"""How a delegation behaves round after round in the confidence-building model.

A strategy sees only what a delegation could know at the start of a round:
its own trust in the other side and what both sides did last round (and
whether it was honoured). It answers with one of four moves. The four
built-in strategies are the reference points the course compares:

* **silver bullet** - push the comprehensive treaty at once: a big promise
  every round. This is the course's reading of the article's argument, turned
  into a mechanism: the article criticises the search for a "silver bullet"
  that would "resolve all their problems once and for all", but it describes
  no strategy of this kind, so the strategy cites the course, not the article;
* **GRIT** - announced, unilateral small steps that invite reciprocation,
  carried out even when they are not reciprocated, and graduated into larger
  steps once the other side reciprocates and trust allows (Osgood 1962);
* **tit-for-tat** - open with a small step, then do what the other side did
  last round: a small step if it delivered, a stall if it did not
  (Axelrod 1984);
* **always stall** - never move.

What the model does not represent: the announcement itself, and GRIT's rule
that a step must not weaken one's security (no move here changes anyone's
security).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SMALL = "small_step"
LARGE = "large_step"
PROMISE = "promise"
STALL = "stall"

MOVES: dict[str, str] = {
    SMALL: "a small verifiable step (e.g. a prisoner handover)",
    LARGE: "a large step (e.g. opening a road), harder to carry through",
    PROMISE: "a promise about the future (e.g. a treaty commitment)",
    STALL: "stall: no step this round",
}
"""Move id -> a short description for people."""

TANGIBLE = (SMALL, LARGE)
"""Moves a public can see: acts, not words."""


@dataclass(frozen=True)
class View:
    """What a delegation knows when it chooses its move for ``round``."""

    round: int
    own_trust: float
    """This side's trust in the other side, 0 to 1."""
    own_last: str | None
    other_last: str | None
    other_last_honoured: bool | None
    """Whether the other side's last step or promise was honoured (None after a stall)."""
    escalation: float
    """GRIT's trust level for graduating to large steps (a model parameter)."""

    @property
    def other_delivered(self) -> bool:
        """The other side honoured a step or promise last round."""
        return self.other_last not in (None, STALL) and bool(self.other_last_honoured)


@dataclass(frozen=True)
class Strategy:
    id: str
    label: str
    description: str
    source: str
    """A bibliography key in book/references.bib, or '' for the course's own."""
    choose: Callable[[View], str]


def _silver_bullet(view: View) -> str:
    return PROMISE


def _grit(view: View) -> str:
    if view.other_delivered and view.own_trust >= view.escalation:
        return LARGE
    return SMALL


def _tit_for_tat(view: View) -> str:
    if view.round == 1 or view.other_delivered:
        return SMALL
    return STALL


def _always_stall(view: View) -> str:
    return STALL


def strategies() -> dict[str, Strategy]:
    """Every built-in strategy, by id, in the order the exercises list them."""
    items = [
        Strategy(
            "silver_bullet",
            "Silver bullet",
            "Pushes the comprehensive treaty from the first round: a big promise every round. "
            "Under low trust big promises often break, and a broken promise costs more trust "
            "than a kept one earns. This is the course's reading of the article's "
            "“silver bullet”, turned into a mechanism; the article describes no such strategy.",
            "",
            _silver_bullet,
        ),
        Strategy(
            "grit",
            "GRIT (small steps)",
            "Takes an announced small verifiable step every round, whether or not the other "
            "side reciprocates; graduates to a large step when the other side delivered last "
            "round and its own trust has reached the escalation level.",
            "osgood1962",
            _grit,
        ),
        Strategy(
            "tit_for_tat",
            "Tit-for-tat",
            "Opens with a small step, then copies the other side: a small step if the other "
            "side delivered last round, a stall if it stalled or broke its word.",
            "axelrod1984",
            _tit_for_tat,
        ),
        Strategy(
            "always_stall",
            "Always stall",
            "Never takes a step. Stalling erodes the other side's trust a little every round.",
            "",
            _always_stall,
        ),
    ]
    return {s.id: s for s in items}


def strategy(name: str) -> Strategy:
    table = strategies()
    if name not in table:
        raise ValueError(f"unknown strategy '{name}'; expected one of: " + ", ".join(table))
    return table[name]
