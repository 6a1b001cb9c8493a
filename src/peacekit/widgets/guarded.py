"""Core controls that refuse values the model cannot take, with a message, not a traceback.

ipywidgets quietly clamps a slider set to 1.7 and raises a ``TraitError``
(a traceback in the notebook) for a dropdown set to an unknown option. Neither
tells a student what went wrong. These subclasses ask a model-layer check
function first; if it raises ``ValueError``, the control keeps its value and
hands the one-line message to the exercise, which shows it.

They are Python-side subclasses of core widgets with the same front-end
models, so they need no JavaScript of their own and render wherever core
ipywidgets 8 does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from traitlets import Bunch, TraitError, validate

from ..lenses.package_deal import (
    check_option,
    check_reservation,
    reservation_bounds,
    reservation_note,
)
from ..model.scenario import Outcome, Scenario
from .frame import PROBE, action_button, box

Check = Callable[[Any], Any]
Refused = Callable[[str], None]


class _Guard:
    """Mixin: run ``check`` before the widget's own validation of ``value``.

    Listed before the core widget class, so that ``check`` and ``on_refused`` are
    taken out of the keyword arguments (and set before the first validation) and
    the rest go to the core widget.
    """

    def __init__(self, *, check: Check | None = None, on_refused: Refused | None = None, **kw):
        self._pk_check = check
        self._pk_on_refused = on_refused
        super().__init__(**kw)

    def _refuse(self, message: str) -> None:
        handler = getattr(self, "_pk_on_refused", None)
        if handler is not None:
            handler(message)

    @validate("value")
    def _validate_value(self, proposal):
        value = proposal.value
        check = getattr(self, "_pk_check", None)
        try:
            if check is not None:
                value = check(value)
            if hasattr(self, "min") and hasattr(self, "max"):
                value = _within(value, self.min, self.max, self.description)
        except ValueError as exc:
            self._refuse(str(exc))
            return self.value
        try:
            return super()._validate_value(Bunch(trait=proposal.trait, value=value, owner=self))
        except TraitError as exc:
            choices = getattr(self, "_options_values", None)
            if choices is not None:
                what = self.description or "this list"
                self._refuse(
                    f"{value!r} is not a choice for {what}; expected one of: "
                    + ", ".join(str(c) for c in choices)
                )
            else:
                self._refuse(str(exc))
            return self.value


def _within(value: Any, low: float, high: float, what: str) -> Any:
    """Refuse rather than clamp: a silently changed number misleads the student."""
    what = what or "this value"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(f"{what} must be a number from {low:g} to {high:g}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low:g} to {high:g}, got {value:g}")
    return value


class GuardedDropdown(_Guard, widgets.Dropdown):
    """A dropdown whose value must pass ``check`` (and be one of its options)."""


class GuardedRadioButtons(_Guard, widgets.RadioButtons):
    """Radio buttons that may start with nothing chosen and refuse unknown values."""


class GuardedFloatSlider(_Guard, widgets.FloatSlider):
    """A slider whose value must pass ``check``; out-of-range values are refused, not clamped."""


class GuardedIntSlider(_Guard, widgets.IntSlider):
    """A whole-number slider that refuses, rather than clamps, what ``check`` rejects."""


class GuardedBoundedFloatText(_Guard, widgets.BoundedFloatText):
    """A number box that refuses, rather than clamps, what ``check`` rejects."""


class GuardedBoundedIntText(_Guard, widgets.BoundedIntText):
    """A whole-number box that refuses, rather than clamps, what ``check`` rejects."""


def issue_choices(
    scenario: Scenario,
    *,
    on_refused: Refused,
    mark_promises: bool = True,
    probe: str = "",
    **layout: str,
) -> dict[str, GuardedDropdown]:
    """One dropdown per issue (by issue id), each starting at the issue's first option.

    Every exercise that builds a package offers the same controls: an option the
    scenario does not have is refused with the model's message. ``mark_promises``
    adds "(a promise)" to the options whose value depends on the other side's word;
    ``layout`` sizes each dropdown (every one gets its own ``Layout``). With ``probe``,
    that issue's dropdown (or the first, if the scenario has no such issue) is the
    exercise's probe control, the one the site's browser test changes.
    """
    choices = {
        issue.id: GuardedDropdown(
            options=[
                (o.label + (" (a promise)" if mark_promises and o.is_promise else ""), o.id)
                for o in issue.options
            ],
            value=issue.options[0].id,
            description=issue.label,
            check=lambda v, iid=issue.id: check_option(scenario, iid, v),
            on_refused=on_refused,
            style={"description_width": "22em"},
            layout=widgets.Layout(**layout),
        )
        for issue in scenario.issues
    }
    if probe:
        choices[probe if probe in choices else scenario.issue_ids[0]].add_class(PROBE)
    return choices


def real_package_button(scenario: Scenario, on_click: Callable[[], object]) -> widgets.Button:
    """ "Load the real package", for the exercises that can show a scenario's reference
    package (disabled where the scenario has none)."""
    return action_button(
        "Load the real package",
        scenario.reference.label if scenario.reference else "No real package in this scenario",
        on_click,
        disabled=scenario.reference is None,
    )


def chosen_package(choices: dict[str, GuardedDropdown]) -> Outcome:
    """The package the :func:`issue_choices` dropdowns show, in the scenario's issue order."""
    return tuple(dropdown.value for dropdown in choices.values())


def choose_package(choices: dict[str, GuardedDropdown], outcome: Outcome) -> None:
    """Set every :func:`issue_choices` dropdown to ``outcome`` (one option id per issue)."""
    for dropdown, option_id in zip(choices.values(), outcome, strict=True):
        dropdown.value = option_id


def in_range(low: float, high: float, what: str, *, whole: bool = False) -> Check:
    """A check for a number from ``low`` to ``high`` (a whole number if ``whole``)."""

    def check(value: Any) -> Any:
        kind = "whole number" if whole else "number"
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise ValueError(f"{what} must be a {kind} from {low:g} to {high:g}, got {value!r}")
        if whole and not float(value).is_integer():
            raise ValueError(f"{what} must be a whole number, got {value:g}")
        if not low <= value <= high:
            raise ValueError(f"{what} must be from {low:g} to {high:g}, got {value:g}")
        return int(value) if whole else value

    return check


def labelled_slider(
    description: str,
    *,
    value: float,
    low: float,
    high: float,
    step: float,
    check: Check,
    on_refused: Refused,
    integer: bool = False,
    label_width: str = "initial",
) -> tuple[widgets.HBox, widgets.Widget, widgets.Widget]:
    """A number box with a visible, associated label, kept in step with a slider.

    Core ipywidgets cannot give a slider handle an accessible name, so the
    labelled number box is the control for keyboards and screen readers
    (arrow keys step it), and the slider beside it is there for the mouse. The
    slider's tooltip repeats the label: on the course site a small script
    (``widget-labels.js``, see ``scripts/site_assets.py``) names the handle by it.
    Both refuse values ``check`` rejects. Returns (row, number box, slider);
    ``integer`` makes both whole-number controls.
    """
    number_cls = GuardedBoundedIntText if integer else GuardedBoundedFloatText
    slider_cls = GuardedIntSlider if integer else GuardedFloatSlider
    number = number_cls(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        check=check,
        on_refused=on_refused,
        style={"description_width": label_width},
        layout=widgets.Layout(width="auto"),
    )
    number.add_class("pk-number")
    slider = slider_cls(
        value=value,
        min=low,
        max=high,
        step=step,
        readout=False,
        description="",
        tooltip=description,
        check=check,
        on_refused=on_refused,
        layout=widgets.Layout(width="14em"),
    )
    widgets.link((number, "value"), (slider, "value"))
    row = widgets.HBox([number, slider], layout=widgets.Layout(align_items="center"))
    return row, number, slider


class ReservationControls(widgets.VBox):
    """Each delegation's reservation value, set by the student: equal values are the course's
    teaching choice, and unequal ones show what an imbalance of power does.

    One labelled number box (with a slider) per delegation, refusing values outside what the
    scenario's points allow, and a button back to the scenario's own values. ``on_change()``
    is called once for each change a student makes. ``guard`` is the exercise's
    ``Exercise.guard``: an exception in these handlers (``on_change`` included) shows in
    the exercise.
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        on_refused: Refused,
        on_change: Callable[[], object],
        guard: Callable[[Callable[..., object]], Callable[..., None]],
    ):
        self.scenario = scenario
        self.boxes: dict[str, widgets.Widget] = {}
        self._on_change = on_change
        self._quiet = False
        rows = []
        for party in scenario.parties:
            low, high = reservation_bounds(scenario, party.id)
            row, number, _ = labelled_slider(
                f"{party.label}'s reservation value (no deal)",
                value=party.reservation,
                low=low,
                high=high,
                step=1,
                check=lambda v, pid=party.id: check_reservation(self.scenario, pid, v),
                on_refused=on_refused,
                label_width="18em",  # the same for every delegation, so the boxes line up
            )
            number.observe(guard(self._changed), names="value")
            self.boxes[party.id] = number
            rows.append(row)
        self.reset_button = action_button(
            "Back to the course's values",
            "Set each reservation value back to the scenario's own",
            guard(self.reset),
        )
        note = widgets.HTML(box(reservation_note(scenario), "note"))
        super().__init__([note, *rows, widgets.HBox([self.reset_button])])

    @property
    def values(self) -> dict[str, float]:
        return {pid: float(number.value) for pid, number in self.boxes.items()}

    @property
    def changed(self) -> bool:
        return any(self.values[p.id] != p.reservation for p in self.scenario.parties)

    def set(self, values: dict[str, float]) -> None:
        """Set several values with one update."""
        self._quiet = True
        try:
            for pid, value in values.items():
                self.boxes[pid].value = value
        finally:
            self._quiet = False
        self._on_change()

    def reset(self) -> None:
        self.set({p.id: p.reservation for p in self.scenario.parties})

    def _changed(self, change) -> None:
        if not self._quiet:
            self._on_change()
