"""Named model parameters, each with a default, a range and a written reason.

The course promises students that every number in a model is a stated teaching
choice they can inspect and change. To keep that promise the numbers live in
one place: a frozen dataclass whose fields are declared with :func:`param`.
The simulation reads the fields, scenario files may override them (checked
against the same ranges), and the book renders the same table at build time,
so the code, the files and the text cannot drift apart.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_META = "peacekit.parameter"


@dataclass(frozen=True)
class Parameter:
    """One model parameter as a student sees it in the book."""

    name: str
    default: float
    low: float
    high: float
    reason: str
    symbol: str = ""
    """The LaTeX symbol used in the book's equations (without dollar signs)."""
    label: str = ""

    def check(self, value: Any) -> float:
        """``value`` as a float, or ValueError naming the parameter and its range."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{self.name} must be a number, got {value!r}")
        value = float(value)
        if not (self.low <= value <= self.high):
            raise ValueError(
                f"{self.name} must be between {self.low:g} and {self.high:g}, got {value:g}"
            )
        return value


def param(
    default: float, low: float, high: float, reason: str, *, symbol: str = "", label: str = ""
) -> Any:
    """A dataclass field that carries its own :class:`Parameter` record."""
    if not low <= default <= high:
        raise ValueError(f"default {default} is outside its range {low}..{high}")
    meta = Parameter("", default, low, high, reason, symbol, label)
    return field(default=default, metadata={_META: meta})


def parameters_of(cls_or_instance: Any) -> tuple[Parameter, ...]:
    """The :class:`Parameter` records of a parameter dataclass, in field order."""
    result = []
    for f in dataclasses.fields(cls_or_instance):
        meta = f.metadata.get(_META)
        if meta is not None:
            result.append(dataclasses.replace(meta, name=f.name))
    return tuple(result)


def check_values(instance: Any) -> None:
    """Raise ValueError if any parameter of ``instance`` is outside its range.

    Called from ``__post_init__`` so that a widget or a notebook cannot build a
    rule set that the book says is impossible.
    """
    for p in parameters_of(instance):
        object.__setattr__(instance, p.name, p.check(getattr(instance, p.name)))


def markdown_table(parameters: Iterable[Parameter], *, values: Mapping[str, float] | None = None):
    """A Markdown table of parameters for the book (symbol, name, default, range, reason)."""
    rows = [
        "| Symbol | Parameter | Default | Range | Why this value |",
        "|:--|:--|--:|:--|:--|",
    ]
    for p in parameters:
        value = p.default if values is None else values.get(p.name, p.default)
        symbol = f"${p.symbol}$" if p.symbol else ""
        name = f"`{p.name}`" + (f" ({p.label})" if p.label else "")
        rows.append(
            f"| {symbol} | {name} | {value:g} | {p.low:g} to {p.high:g} | "
            + " ".join(p.reason.split())
            + " |"
        )
    return "\n".join(rows)
