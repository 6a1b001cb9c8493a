"""What every exercise widget promises: the browser-test probe, labels, and a text fallback."""

import ipywidgets as widgets
import pytest

from peacekit.widgets.journal import JournalExercise
from peacekit.widgets.knowledge_check import KnowledgeCheckExercise
from peacekit.widgets.negotiation import NegotiationExercise
from peacekit.widgets.package_deal import PackageDealExercise
from peacekit.widgets.pre_post_test import PrePostTestExercise
from peacekit.widgets.small_steps import SmallStepsExercise
from peacekit.widgets.two_publics import TwoPublicsExercise
from peacekit.widgets.venue import VenueExercise

from .tree import controls, text_of, walk, with_class

EXERCISES = {
    "package_deal": PackageDealExercise,
    "negotiation": NegotiationExercise,
    "venue": VenueExercise,
    "small_steps": SmallStepsExercise,
    "two_publics": TwoPublicsExercise,
    "knowledge_check": KnowledgeCheckExercise,
    "journal": JournalExercise,
    "pre_test": PrePostTestExercise,
    "post_test": lambda: PrePostTestExercise("post"),
}


@pytest.fixture(params=sorted(EXERCISES))
def exercise(request, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the journal and exports write beside "the notebook"
    return EXERCISES[request.param]()


def _change(probe: widgets.Widget) -> None:
    if isinstance(probe, widgets.Button):
        probe.click()
    else:
        values = [v for _, v in probe.options]
        probe.value = next(v for v in values if v != probe.value)


def test_exactly_one_probe_and_one_result_and_the_result_follows_the_probe(exercise):
    probes = with_class(exercise, "pk-probe")
    results = with_class(exercise, "pk-result")
    assert len(probes) == 1 and isinstance(probes[0], (widgets.Dropdown, widgets.Button))
    assert len(results) == 1 and isinstance(results[0], widgets.HTML)
    before = text_of(results[0].value)
    assert before
    _change(probes[0])
    assert text_of(results[0].value) != before


def test_every_control_has_a_label(exercise):
    for control in controls(exercise):
        if isinstance(control, widgets.Button):
            assert control.description.strip(), control
        else:
            assert control.description.strip() or control.tooltip, control


def test_the_text_fallback_says_how_to_use_it(exercise):
    bundle = exercise._repr_mimebundle_()
    assert "run this notebook with a Jupyter kernel" in bundle["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_the_illustrative_or_journal_note_comes_first(exercise):
    assert "pk-note" in exercise.children[0]._dom_classes


def test_the_starting_state_holds_no_confidential_brief(exercise):
    """The built site embeds the starting state of every widget in a public page."""
    from peacekit.scenarios.scenario_file import builtin_scenario_names, load_builtin

    secrets = [
        p.confidential_brief
        for name in builtin_scenario_names()
        for p in load_builtin(name).parties
    ]
    for w in walk(exercise):
        state = repr(w.get_state())
        for secret in secrets:
            assert secret[:60] not in state, (type(w).__name__, secret[:60])


def _handlers(widget: widgets.Widget) -> list:
    """The change handlers observing a widget and, for a button, its click handlers."""
    found = [
        handler
        for by_type in widget._trait_notifiers.values()
        for handlers in by_type.values()
        for handler in handlers
    ]
    if isinstance(widget, widgets.Button):
        found += list(widget._click_handlers.callbacks)
    return found


def test_every_handler_of_an_exercise_shows_its_exception_in_the_exercise(exercise):
    """A kernel shows a handler's exception nowhere near the exercise, so every handler
    the course registers goes through ``Exercise.guard`` (ipywidgets' and traitlets' own
    handlers, such as a link between a slider and its number box, do not raise)."""
    ours = [
        handler
        for widget in walk(exercise)
        for handler in _handlers(widget)
        if (getattr(handler, "__module__", "") or "").startswith("peacekit")
    ]
    assert ours, "no handlers found: the check itself is broken"
    unguarded = [h for h in map(_unwrap, ours) if not h.__qualname__.endswith(".guarded")]
    assert not unguarded, unguarded


def _unwrap(handler):
    """``action_button`` registers ``lambda _: on_click()``: the handler is its ``on_click``."""
    if handler.__qualname__ == "action_button.<locals>.<lambda>":
        cells = dict(zip(handler.__code__.co_freevars, handler.__closure__, strict=True))
        return cells["on_click"].cell_contents
    return handler


def test_an_exception_in_a_handler_is_shown_in_the_message_line_and_logged(
    exercise, monkeypatch, caplog
):
    probe = with_class(exercise, "pk-probe")[0]
    before = exercise.message.value

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    guarded = exercise.guard(broken)
    if isinstance(probe, widgets.Button):
        probe.on_click(guarded)
    else:
        probe.observe(guarded, names="value")
    with caplog.at_level("ERROR", logger="peacekit.widgets"):
        _change(probe)
    assert exercise.message.value != before
    shown = text_of(exercise.message.value)
    assert "Something went wrong in this exercise: ZeroDivisionError: division by zero" in shown
    assert "What you wrote is kept" in shown
    (record,) = [r for r in caplog.records if r.name == "peacekit.widgets"]
    assert record.exc_info[0] is ZeroDivisionError
