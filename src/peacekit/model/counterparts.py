"""Computer counterparts for mock negotiations: how fast each one concedes.

Each counterpart keeps an **aspiration**, the value (to itself) it asks for
now. It offers a package worth at least that much and accepts a package
worth at least that much. It never asks for, offers or accepts less than its
reservation value.

Time-dependent tactics (Faratin, Sierra and Jennings 1998) lower the
aspiration with time ``t = round / deadline`` from the counterpart's best value
``u_max`` to its reservation value ``r``:

    aspiration(t) = r + (u_max - r) * (1 - t ** (1 / beta))

``beta < 1`` is **Boulware** (holds firm, concedes near the deadline),
``beta = 1`` is **linear**, ``beta > 1`` is **Conceder** (concedes early).

The **tit-for-tat** tactic mirrors the other side (after Axelrod 1984): it
lowers its aspiration by as much as the other side's last offer improved on
the one before (measured in the counterpart's own points), and raises it again
if the other side takes something back.

The **hardliner** asks for 90% of the way from its reservation value to its
best value and never moves.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class NegotiationState:
    """What a counterpart may look at when it decides how much to ask for."""

    round: int
    deadline: int
    best: float
    reservation: float
    received: tuple[float, ...]
    """The counterpart's own value of each offer it has received, oldest first."""
    previous_aspiration: float | None


class Counterpart(ABC):
    id = "counterpart"
    label = "Counterpart"
    description = ""

    @abstractmethod
    def aspiration(self, state: NegotiationState) -> float:
        """The value (to the counterpart) it asks for in this round."""

    def bounded(self, value: float, state: NegotiationState) -> float:
        return min(state.best, max(state.reservation, value))


class TimeDependent(Counterpart):
    def __init__(self, beta: float, id: str, label: str, description: str):
        if not beta > 0:
            raise ValueError("beta must be above 0")
        self.beta = beta
        self.id = id
        self.label = label
        self.description = description

    def aspiration(self, state: NegotiationState) -> float:
        t = min(1.0, max(0.0, state.round / state.deadline))
        span = state.best - state.reservation
        return self.bounded(state.reservation + span * (1 - t ** (1 / self.beta)), state)


class TitForTat(Counterpart):
    id = "tit_for_tat"
    label = "Tit-for-tat"
    description = (
        "Mirrors you: concedes as much as your last offer conceded, and takes back as much "
        "as you take back."
    )

    def aspiration(self, state: NegotiationState) -> float:
        if state.previous_aspiration is None or len(state.received) < 2:
            return state.best
        delta = state.received[-1] - state.received[-2]
        return self.bounded(state.previous_aspiration - delta, state)


class Hardliner(Counterpart):
    id = "hardliner"
    label = "Hardliner"
    description = "Asks for 90% of its best possible gain and never moves."

    def aspiration(self, state: NegotiationState) -> float:
        return self.bounded(state.reservation + 0.9 * (state.best - state.reservation), state)


def tactics() -> dict[str, Counterpart]:
    """Every built-in tactic, by id, in the order the exercises list them."""
    items = [
        TimeDependent(
            0.2,
            "boulware",
            "Boulware",
            "Holds firm and concedes only near the deadline (beta = 0.2).",
        ),
        TimeDependent(1.0, "linear", "Linear", "Concedes the same amount every round (beta = 1)."),
        TimeDependent(5.0, "conceder", "Conceder", "Concedes early, then slows down (beta = 5)."),
        TitForTat(),
        Hardliner(),
    ]
    return {c.id: c for c in items}


def tactic(name: str) -> Counterpart:
    table = tactics()
    if name not in table:
        raise ValueError(
            f"unknown counterpart tactic '{name}'; expected one of: " + ", ".join(table)
        )
    return table[name]
