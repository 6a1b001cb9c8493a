"""The pre-test and post-test widgets: saved at every click, locked when finished, with gains."""

import json
import os

import pytest

from peacekit.scenarios.pre_post_file import NOT_SURE, PrePostStore
from peacekit.widgets.pre_post_test import PrePostTestExercise

from .tree import controls, text_of

FILE = "my-pre-post-test.json"


def answer_all(ex, pick):
    for view in ex.questions:
        view.choice.value = pick(view.test)


def right(t):
    return t.question.answer[0]


def on_disk(folder):
    return json.loads((folder / FILE).read_text("utf-8"))


def test_the_pre_test_starts_empty_saves_each_click_and_survives_a_restart(tmp_path):
    ex = PrePostTestExercise("pre", folder=tmp_path, site=None)
    assert text_of(ex.result.value) == "Pre-test: 0 of 10 questions answered."
    assert not (tmp_path / FILE).exists()  # opening the test writes nothing
    ex.questions[0].choice.value = "no_will"
    ex.questions[1].choice.value = NOT_SURE
    assert on_disk(tmp_path)["pre"]["answers"] == {
        "no_silver_bullet.two_issues": "no_will",
        "no_silver_bullet.apply_neutral_wording": NOT_SURE,
    }
    assert text_of(ex.result.value) == "Pre-test: 2 of 10 questions answered."
    again = PrePostTestExercise("pre", folder=tmp_path, site=None)  # a new kernel
    assert [v.choice.value for v in again.questions[:3]] == ["no_will", NOT_SURE, None]
    assert text_of(again.result.value) == "Pre-test: 2 of 10 questions answered."


def test_finishing_needs_every_answer_then_locks_the_pre_test_and_shows_no_answers(tmp_path):
    ex = PrePostTestExercise("pre", folder=tmp_path, site=None)
    ex.finish_button.click()
    assert "Not finished: questions 1, 2, 3" in text_of(ex.result.value)
    assert on_disk_or_none(tmp_path) is None
    answer_all(ex, lambda t: NOT_SURE if t.number > 5 else right(t))
    ex.finish_button.click()
    line = text_of(ex.result.value)
    assert line.startswith("Pre-test finished on ") and line.endswith(": 5 of 10 right.")
    assert all(v.choice.disabled for v in ex.questions) and ex.finish_button.disabled
    assert all(v.review.value == "" for v in ex.questions)  # no answers given away
    assert on_disk(tmp_path)["pre"]["finished"]
    ex.questions[0].choice.value = "no_will"  # a locked control cannot change in the page,
    assert ex.questions[0].choice.value == "silver_bullet"  # nor from code
    assert on_disk(tmp_path)["pre"]["answers"]["no_silver_bullet.two_issues"] == "silver_bullet"
    assert "the pre-test is finished; its answers are kept" in text_of(ex.message.value)


def on_disk_or_none(folder):
    return on_disk(folder) if (folder / FILE).exists() else None


def test_the_post_test_shows_feedback_with_links_and_the_gain_per_chapter(tmp_path):
    pre = PrePostTestExercise("pre", folder=tmp_path, site=None)
    answer_all(pre, lambda t: right(t) if t.number % 2 else NOT_SURE)
    pre.finish()
    post = PrePostTestExercise("post", folder=tmp_path, site="../")
    assert "Your pre-test: finished on" in text_of(post.result.value)
    table = text_of(post.gain_table.value)
    assert "No silver bullet 1 of 2 – –" in table
    answer_all(post, right)
    assert post.finish()
    assert "Before the course you had 5 of 10 right: 5 more right" in text_of(post.result.value)
    assert "No silver bullet 1 of 2 2 of 2 +1" in text_of(post.gain_table.value)
    assert "The same gain in every chapter (+1)." in text_of(post.gain_table.value)
    review = post.questions[0].review.value
    assert text_of(review).startswith("Correct.")
    assert '<a href="../book/chapters/01-no-silver-bullet.html#the-thesis"' in review
    # Both sittings are in the one file, and the pre-test is as it was handed in.
    data = on_disk(tmp_path)
    assert data["pre"]["answers"]["no_silver_bullet.apply_neutral_wording"] == NOT_SURE
    assert data["post"]["finished"] and data["pre"]["finished"]


def test_the_post_test_without_a_pre_test_says_so(tmp_path):
    post = PrePostTestExercise("post", folder=tmp_path, site=None)
    assert "Your pre-test: not finished" in text_of(post.result.value)
    answer_all(post, right)
    post.finish()
    assert "You did not finish the pre-test, so there is no gain" in text_of(post.result.value)
    assert "Chapter Before the course After the course Gain" in text_of(post.gain_table.value)


def test_a_damaged_file_is_kept_and_explained_and_the_test_starts_afresh(tmp_path):
    (tmp_path / FILE).write_bytes(b'{"format": "peacekit-pre-post-test/1", "pre": {')
    ex = PrePostTestExercise("pre", folder=tmp_path, site=None)
    message = text_of(ex.message.value)
    assert message.startswith(f"{FILE}: could not be read (line 1:")
    backups = [p for p in os.listdir(tmp_path) if ".bak-" in p]
    assert len(backups) == 1 and backups[0] in message
    ex.questions[0].choice.value = "silver_bullet"
    assert on_disk(tmp_path)["pre"]["answers"] == {"no_silver_bullet.two_issues": "silver_bullet"}


def test_a_file_that_cannot_be_read_is_never_overwritten(tmp_path):
    (tmp_path / FILE).mkdir()  # a folder where the file should be: unreadable, not damaged
    ex = PrePostTestExercise("pre", folder=tmp_path, site=None)
    assert "cannot be read" in text_of(ex.message.value)
    assert "Not saving" in text_of(ex.result.value)
    ex.questions[0].choice.value = "silver_bullet"
    assert "nothing is saved" in text_of(ex.message.value)
    assert (tmp_path / FILE).is_dir()


def test_a_sitting_finished_in_another_notebook_is_not_overwritten(tmp_path):
    one = PrePostTestExercise("pre", folder=tmp_path, site=None)
    two = PrePostTestExercise("pre", folder=tmp_path, site=None)
    answer_all(one, right)
    one.finish()
    two.questions[0].choice.value = "no_will"
    assert "already finished" in text_of(two.message.value)
    store = PrePostStore(tmp_path / FILE)
    assert store.load().sittings.pre.answers["no_silver_bullet.two_issues"] == "silver_bullet"


def test_values_that_are_not_answers_are_refused_and_every_control_is_labelled(tmp_path):
    ex = PrePostTestExercise("pre", folder=tmp_path, site=None)
    ex.questions[0].choice.value = "maybe"
    assert ex.questions[0].choice.value is None
    assert "not an answer to this question" in text_of(ex.message.value)
    assert all(c.description for c in controls(ex))
    with pytest.raises(ValueError, match="not a sitting"):
        PrePostTestExercise("mid", folder=tmp_path)
