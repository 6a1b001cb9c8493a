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
