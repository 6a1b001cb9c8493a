"""How a number is written everywhere a student reads one: charts, exercises and sheets.

Points are written as people write them: no trailing zeros (``34``, ``26.5``) and a
real minus sign (``−4``), which prints unambiguously and reads out correctly. A gain
or a cost shows its sign (``+12``, ``0``, ``−4``). One module, so that a student
comparing a chart, a verdict and a printed sheet sees the same number the same way.
"""

from __future__ import annotations


def points_text(value: float) -> str:
    """``34``, ``26.5``, ``−4``: at most two decimals, no trailing zeros, a real minus sign."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", "\u2212")


def signed_points_text(value: float) -> str:
    """``+12``, ``0``, ``−4``: :func:`points_text` with the sign of a gain shown too."""
    text = points_text(value)
    return "+" + text if text != "0" and not text.startswith("\u2212") else text
