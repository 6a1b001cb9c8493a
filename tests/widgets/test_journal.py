import json
import os

import pytest

from peacekit.scenarios.questions import builtin_reflection_questions
from peacekit.widgets.journal import JournalExercise

from .tree import text_of, with_class

FIRST = builtin_reflection_questions()[0].questions[0].key
JOURNAL = "my-reflections.journal.json"


def on_disk(folder):
    return json.loads((folder / JOURNAL).read_text("utf-8"))["answers"]


@pytest.fixture
def ex(tmp_path):
    return JournalExercise(folder=tmp_path)


def test_the_whole_journal_holds_every_question_and_the_exports(ex):
    assert len(ex.boxes) == sum(len(e.questions) for e in builtin_reflection_questions())
    assert with_class(ex, "pk-probe") == [ex.markdown_button]
    assert text_of(ex.export_result.value) == "No export yet."
    assert "my-reflections.journal.json" in text_of(ex.note.value)


def test_one_exercise_shows_only_its_questions_and_no_probe(tmp_path):
    ex = JournalExercise("venue", folder=tmp_path)
    assert sorted(ex.boxes) == ["venue.capacity", "venue.direct", "venue.weighting"]
    assert with_class(ex, "pk-probe") == [] and with_class(ex, "pk-result") == []


def test_an_unknown_exercise_is_refused():
    with pytest.raises(ValueError, match="no reflection questions for 'venues'"):
        JournalExercise("venues")


def test_typing_saves_at_once_and_reopening_brings_the_text_back(ex, tmp_path):
    ex.boxes[FIRST].value = "Sixteen released, both accept."
    assert on_disk(tmp_path) == {FIRST: "Sixteen released, both accept."}
    assert text_of(ex.status.value).startswith("Saved at ")
    again = JournalExercise(FIRST.split(".")[0], folder=tmp_path)
    assert again.boxes[FIRST].value == "Sixteen released, both accept."
    assert "Loaded 1 saved answer" in text_of(again.status.value)


def test_quick_changes_wait_for_the_browser_timer_and_are_then_saved(ex, tmp_path):
    ex.boxes[FIRST].value = "a"
    ex.boxes[FIRST].value = "ab"  # within the interval: pending
    assert ex.debounce.pending and ex.timer.playing
    assert text_of(ex.status.value) == "Saving…"
    assert on_disk(tmp_path) == {FIRST: "a"}
    ex.timer.value = 1  # what the hidden Play widget sends a second later
    assert on_disk(tmp_path) == {FIRST: "ab"}
    assert not ex.timer.playing and ex.timer.value == 0 and not ex.debounce.pending


def test_save_now_writes_pending_text_without_waiting(ex, tmp_path):
    ex.boxes[FIRST].value = "a"
    ex.boxes[FIRST].value = "abc"
    ex.save_button.click()
    assert on_disk(tmp_path) == {FIRST: "abc"}


def test_two_open_notebooks_do_not_overwrite_each_other(tmp_path):
    journal = JournalExercise(folder=tmp_path)
    venue = JournalExercise("venue", folder=tmp_path)
    venue.boxes["venue.direct"].value = "Direct talks need no third party."
    journal.boxes[FIRST].value = "From the journal notebook."
    assert on_disk(tmp_path) == {
        FIRST: "From the journal notebook.",
        "venue.direct": "Direct talks need no third party.",
    }
    # The export reads the venue answer written in the other notebook.
    journal.markdown_button.click()
    md = (tmp_path / "my-reflections.md").read_text("utf-8")
    assert "Direct talks need no third party." in md and "From the journal notebook." in md
    assert journal.boxes["venue.direct"].value == "Direct talks need no third party."


def test_a_corrupt_journal_is_kept_and_explained_and_new_text_is_saved(tmp_path):
    (tmp_path / JOURNAL).write_bytes(b'{"format": "peacekit-journal/1", "answers": {"x"')
    ex = JournalExercise(folder=tmp_path)
    message = text_of(ex.message.value)
    assert message.startswith("my-reflections.journal.json: could not be read (line 1:")
    backups = [p for p in os.listdir(tmp_path) if ".bak-" in p]
    assert len(backups) == 1 and backups[0] in message
    assert (tmp_path / backups[0]).read_bytes().endswith(b'{"x"')
    ex.boxes[FIRST].value = "A fresh start."
    assert on_disk(tmp_path) == {FIRST: "A fresh start."}


def test_when_saving_fails_the_text_stays_and_export_still_works(tmp_path):
    folder = tmp_path / "gone"
    folder.mkdir()
    ex = JournalExercise(folder=folder)
    folder.rmdir()
    ex.boxes[FIRST].value = "Do not lose me."
    assert "could not be saved" in text_of(ex.message.value)
    assert text_of(ex.status.value) == "Not saved."
    assert ex.boxes[FIRST].value == "Do not lose me."
    ex.markdown_button.click()
    result = ex.export_result.value
    assert 'download="my-reflections.md"' in result
    assert "could not be written beside the notebook" in text_of(result)


def test_html_export_and_the_name(ex, tmp_path):
    ex.name.value = "Ani"
    ex.boxes[FIRST].value = "x < y"
    ex.html_button.click()
    page = (tmp_path / "my-reflections.html").read_text("utf-8")
    assert "Name: Ani" in page and "x &lt; y" in page
    assert text_of(ex.export_result.value).startswith("Export ready: 1 of ")
    assert json.loads((tmp_path / JOURNAL).read_text("utf-8"))["name"] == "Ani"


def test_the_hidden_timer_joins_the_tree_only_when_a_save_waits(ex):
    assert ex.timer not in ex.children
    ex.boxes[FIRST].value = "a"
    assert ex.timer not in ex.children  # saved at once
    ex.boxes[FIRST].value = "ab"
    assert ex.timer in ex.children and ex.timer.playing
    assert ex.timer.layout.display == "none"
