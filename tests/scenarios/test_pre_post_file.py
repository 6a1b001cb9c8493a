"""The pre-test and post-test file: saved per sitting, never lost, never changed once handed in."""

import json
from datetime import datetime

import pytest

from peacekit.scenarios.pre_post_file import (
    FORMAT,
    NOT_SURE,
    POST,
    PRE,
    PrePostError,
    PrePostStore,
    Sitting,
    Sittings,
)

T0 = datetime(2026, 12, 4, 10, 15, 0)
NAME = "my-pre-post-test.json"


def store(tmp_path):
    return PrePostStore(tmp_path / NAME, clock=lambda: T0)


def test_a_missing_file_holds_no_answers_and_is_not_created_by_reading(tmp_path):
    loaded = store(tmp_path).load()
    assert loaded.sittings == Sittings() and loaded.problem is None
    assert not (tmp_path / NAME).exists()


def test_each_sitting_is_saved_and_the_other_kept(tmp_path):
    pre_notebook, post_notebook = store(tmp_path), store(tmp_path)
    pre_notebook.save(PRE, {"a.x": "one", "b.y": NOT_SURE})
    post_notebook.save(POST, {"a.x": "two"})
    pre_notebook.save(PRE, {"a.x": "three", "b.y": NOT_SURE}, finish=True)
    sittings = store(tmp_path).load().sittings
    assert sittings.pre == Sitting({"a.x": "three", "b.y": NOT_SURE}, "2026-12-04T10:15:00")
    assert sittings.post == Sitting({"a.x": "two"}, None)
    data = json.loads((tmp_path / NAME).read_text("utf-8"))
    assert data["format"] == FORMAT and data["saved"] == "2026-12-04T10:15:00"
    assert data["post"] == {"answers": {"a.x": "two"}, "finished": None}


def test_a_finished_sitting_is_never_changed_again(tmp_path):
    s = store(tmp_path)
    s.save(PRE, {"a.x": "one"}, finish=True)
    before = (tmp_path / NAME).read_bytes()
    with pytest.raises(PrePostError, match="the pre-test was already finished on 2026-12-04 at 10"):
        s.save(PRE, {"a.x": "changed"})
    assert (tmp_path / NAME).read_bytes() == before
    s.save(POST, {"a.x": "after"})  # the post-test is still open
    assert store(tmp_path).load().sittings.post.answers == {"a.x": "after"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "peacekit-pre-post-test/1", "pre": {', "line 1: Expecting"),
        (b"\xff\xfe\x80", "it is not UTF-8 text"),
        (b'{"format": "peacekit-journal/1"}', "it is not a peacekit pre-test and post-test file"),
        (b'{"format": "peacekit-pre-post-test/1", "pre": {"answers": {"a": 1}}}', "'pre' must"),
        (b'{"format": "peacekit-pre-post-test/1", "post": []}', "'post' must hold 'answers'"),
        (
            b'{"format": "peacekit-pre-post-test/1", "pre": {"answers": {}, "finished": "soon"}}',
            "'pre.finished' must be a date and time",
        ),
    ],
)
def test_a_damaged_file_is_kept_byte_for_byte_and_the_student_told_in_one_line(
    tmp_path, content, reason
):
    path = tmp_path / NAME
    path.write_bytes(content)
    loaded = store(tmp_path).load()
    backup = tmp_path / f"{NAME}.bak-20261204-101500"
    assert loaded.backup == backup and backup.read_bytes() == content and not path.exists()
    assert loaded.sittings == Sittings()
    assert loaded.problem.startswith(f"{NAME}: could not be read ({reason}")
    assert f"kept unchanged as {NAME}.bak-20261204-101500" in loaded.problem
    assert "\n" not in loaded.problem
    store(tmp_path).save(PRE, {"a.x": "fresh"})
    assert store(tmp_path).load().sittings.pre.answers == {"a.x": "fresh"}
    assert backup.read_bytes() == content


def test_saving_over_a_file_that_became_unreadable_is_refused(tmp_path):
    s = store(tmp_path)
    s.save(PRE, {"a.x": "one"})
    (tmp_path / NAME).write_text("{ half written")
    with pytest.raises(PrePostError, match="not saved, because the file on disk cannot be read"):
        s.save(PRE, {"a.x": "two"})
    assert (tmp_path / NAME).read_text() == "{ half written"


def test_an_unwritable_folder_is_one_line(tmp_path):
    s = PrePostStore(tmp_path / "missing" / NAME)
    with pytest.raises(PrePostError, match=r"could not be saved .*answers are still on the page"):
        s.save(POST, {"a.x": "one"})


def test_an_unknown_sitting_is_refused(tmp_path):
    with pytest.raises(ValueError, match="'mid' is not a sitting; expected 'pre' or 'post'"):
        store(tmp_path).save("mid", {})
