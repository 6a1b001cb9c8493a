import json
from datetime import datetime

import pytest

from peacekit.scenarios.journal_file import FORMAT, Debounce, JournalError, JournalStore
from peacekit.scenarios.questions import builtin_reflection_questions

T0 = datetime(2026, 11, 27, 10, 15, 0)
EXERCISES = builtin_reflection_questions()
FIRST = EXERCISES[0].questions[0].key


def store(tmp_path, name="j.journal.json"):
    return JournalStore(tmp_path / name, clock=lambda: T0)


def test_a_missing_file_is_an_empty_journal(tmp_path):
    loaded = store(tmp_path).load()
    assert loaded.answers == {} and loaded.problem is None
    assert not (tmp_path / "j.journal.json").exists()


def test_save_then_load_round_trips_unicode_and_newlines(tmp_path):
    s = store(tmp_path)
    s.save({"a.b": "Line one\nԵրևան – Bakı"}, name="Ani")
    data = json.loads((tmp_path / "j.journal.json").read_text("utf-8"))
    assert data["format"] == FORMAT and data["saved"] == "2026-11-27T10:15:00"
    loaded = s.load()
    assert loaded.answers == {"a.b": "Line one\nԵրևան – Bakı"} and loaded.name == "Ani"


def test_two_notebooks_saving_to_one_file_keep_each_others_answers(tmp_path):
    one, two = store(tmp_path), store(tmp_path)
    one.save({"ex1.q": "from notebook 1"})
    two.save({"ex2.q": "from notebook 2"})
    one.save({"ex1.q": "edited in notebook 1"})
    assert one.load().answers == {"ex1.q": "edited in notebook 1", "ex2.q": "from notebook 2"}
    assert one.load().name == ""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "peacekit-journal/1", "answers": {"a": ', "line 1: Expecting value"),
        (b"\xff\xfe not utf-8 \x80", "it is not UTF-8 text"),
        (b'{"answers": {}}', "it is not a peacekit journal"),
        (b'{"format": "peacekit-journal/1", "answers": {"a": 3}}', "'answers' must map"),
        (b"[1, 2, 3]", "it is not a peacekit journal"),
    ],
)
def test_a_corrupt_file_is_kept_byte_for_byte_and_the_student_told_where(tmp_path, content, reason):
    path = tmp_path / "j.journal.json"
    path.write_bytes(content)
    loaded = store(tmp_path).load()
    backup = tmp_path / "j.journal.json.bak-20261127-101500"
    assert loaded.backup == backup and backup.read_bytes() == content
    assert not path.exists()
    assert loaded.answers == {}
    assert loaded.problem.startswith(f"j.journal.json: could not be read ({reason}")
    assert "kept unchanged as j.journal.json.bak-20261127-101500" in loaded.problem
    # New answers go to a fresh file; the backup stays.
    store(tmp_path).save({"a.b": "new"})
    assert store(tmp_path).load().answers == {"a.b": "new"}
    assert backup.read_bytes() == content


def test_a_second_corruption_in_the_same_second_gets_its_own_backup(tmp_path):
    path = tmp_path / "j.journal.json"
    for k in range(2):
        path.write_bytes(b"broken %d" % k)
        store(tmp_path).load()
    assert (tmp_path / "j.journal.json.bak-20261127-101500").read_bytes() == b"broken 0"
    assert (tmp_path / "j.journal.json.bak-20261127-101500-1").read_bytes() == b"broken 1"


def test_save_refuses_to_overwrite_a_file_that_became_unreadable(tmp_path):
    s = store(tmp_path)
    s.save({"a.b": "mine"})
    path = tmp_path / "j.journal.json"
    path.write_text("{ half written by something else")
    with pytest.raises(JournalError, match="not saved, because the file on disk cannot be read"):
        s.save({"a.b": "more"})
    assert path.read_text() == "{ half written by something else"


def test_an_unwritable_folder_raises_a_one_line_error(tmp_path):
    s = JournalStore(tmp_path / "missing" / "j.journal.json")
    with pytest.raises(JournalError, match=r"could not be saved .* export it before closing"):
        s.save({"a.b": "text"})


def test_debounce_saves_at_once_then_holds_changes_for_the_interval():
    now = [100.0]
    d = Debounce(1.0, clock=lambda: now[0])
    assert d.changed()  # first change: save now
    d.saved()
    now[0] = 100.4
    assert not d.changed() and d.pending
    now[0] = 101.0
    assert d.changed()  # the interval has passed
    d.saved()
    assert not d.pending
