"""Scoring the pre-test and post-test and the gain per chapter, against hand-made sittings."""

import pytest

from peacekit.lenses.pre_post_test import (
    NOT_SURE_LABEL,
    check_choice,
    finish_refusal,
    gain_rows,
    gain_summary,
    gains,
    options,
    pre_post_questions,
    review,
    right,
    status,
)
from peacekit.scenarios.pre_post_file import NOT_SURE, POST, PRE, Sitting, Sittings
from peacekit.scenarios.questions import load_check_file

CHECKS = load_check_file()
TEST = pre_post_questions(CHECKS)
RIGHT = {t.key: t.question.answer[0] for t in TEST}
WRONG = {t.key: next(i.id for i in t.question.items if i.id != t.question.answer[0]) for t in TEST}
DONE = "2026-12-04T10:15:00"


def test_the_questions_are_the_files_list_in_order_and_numbered():
    assert [t.item for t in TEST] == list(CHECKS.pre_post_test)
    assert [t.number for t in TEST] == list(range(1, 11))
    assert TEST[0].key == "no_silver_bullet.two_issues"
    assert TEST[0].chapter.title == "No silver bullet"


def test_every_question_offers_its_answers_and_i_dont_know_yet():
    q = TEST[0].question
    assert options(q) == [(i.text, i.id) for i in q.items] + [(NOT_SURE_LABEL, NOT_SURE)]
    assert check_choice(q, NOT_SURE) == NOT_SURE and check_choice(q, "no_will") == "no_will"
    with pytest.raises(ValueError, match="'maybe' is not an answer to this question"):
        check_choice(q, "maybe")


def test_only_the_keyed_answer_counts_as_right():
    assert right(TEST, RIGHT) == 10 and right(TEST, WRONG) == 0
    not_sure = dict.fromkeys(RIGHT, NOT_SURE)
    assert right(TEST, not_sure) == 0 and right(TEST, {}) == 0


def test_the_gain_is_counted_per_chapter_from_finished_sittings_only():
    # Before: the first question of each chapter right; after: both right, except chapter 5.
    before = {t.key: RIGHT[t.key] if t.number % 2 else NOT_SURE for t in TEST}
    after = {**RIGHT, "not_a_panacea.initialed": WRONG["not_a_panacea.initialed"]}
    sittings = Sittings(Sitting(before, DONE), Sitting(after, DONE))
    rows = gains(CHECKS, sittings)
    assert [(g.chapter_id, g.before, g.after, g.gain) for g in rows] == [
        ("no_silver_bullet", 1, 2, 1),
        ("distrust", 1, 2, 1),
        ("confidence_building", 1, 2, 1),
        ("societal_engagement", 1, 2, 1),
        ("not_a_panacea", 1, 1, 0),
    ]
    assert gain_rows(rows)[4] == ("A peace treaty is not a panacea", "1 of 2", "1 of 2", "0")
    assert gain_rows(rows)[0][3] == "+1"
    assert gain_summary(rows) == (
        "Largest gain: No silver bullet, Distrust, Confidence-building and Societal engagement "
        "(+1). Smallest: A peace treaty is not a panacea (+0); reread that chapter."
    )
    unfinished = gains(CHECKS, Sittings(Sitting(before, None), Sitting(after, DONE)))
    assert all(g.before is None and g.gain is None for g in unfinished)
    assert gain_rows(unfinished)[0] == ("No silver bullet", "–", "2 of 2", "–")
    assert gain_summary(unfinished).startswith("The gain per chapter appears here when both")
    same = gains(CHECKS, Sittings(Sitting(RIGHT, DONE), Sitting(RIGHT, DONE)))
    assert gain_summary(same) == "The same gain in every chapter (+0)."


def test_status_lines_say_how_far_the_student_is():
    half = {k: v for k, v in list(RIGHT.items())[:4]}
    open_pre = Sittings(Sitting(half))
    assert status(CHECKS, open_pre, PRE) == "Pre-test: 4 of 10 questions answered."
    assert status(CHECKS, open_pre, POST).startswith(
        "Post-test: 0 of 10 questions answered. Your pre-test: not finished, so this test"
    )
    done = Sittings(Sitting({**WRONG, **half}, DONE), Sitting(RIGHT, "2027-01-20T09:05:00"))
    assert status(CHECKS, done, PRE) == (
        "Pre-test finished on 4 December 2026 at 10:15: 4 of 10 right."
    )
    assert status(CHECKS, done, POST) == (
        "Post-test finished on 20 January 2027 at 09:05: 10 of 10 right. Before the course "
        "you had 4 of 10 right: 6 more right after the course."
    )
    worse = Sittings(Sitting(RIGHT, DONE), Sitting(WRONG, DONE))
    assert status(CHECKS, worse, POST).endswith("10 fewer right after the course.")


def test_a_sitting_with_a_blank_cannot_be_finished_and_the_line_says_which():
    assert finish_refusal(CHECKS, RIGHT) is None
    assert finish_refusal(CHECKS, dict.fromkeys(RIGHT, NOT_SURE)) is None
    missing = {k: v for k, v in RIGHT.items() if k != "distrust.promises"}
    assert finish_refusal(CHECKS, missing) == (
        "question 3 has no answer yet; choose one, or “I don't know yet”, then finish"
    )
    assert finish_refusal(CHECKS, {}).startswith("questions 1, 2, 3, 4, 5, 6, 7, 8, 9 and 10 have")
    line = status(CHECKS, Sittings(), PRE, refusal=finish_refusal(CHECKS, missing))
    assert line.endswith("Not finished: question 3 has no answer yet; choose one, or “I don't "
                         "know yet”, then finish.")  # fmt: skip


def test_the_review_explains_wrong_right_and_unknown_answers():
    q = TEST[0].question
    assert review(q, q.answer[0]).correct
    wrong = review(q, "no_will")
    assert not wrong.correct and wrong.detail == q.item("no_will").feedback
    assert wrong.source == q.source and wrong.explanation == q.explanation
    unknown = review(q, NOT_SURE)
    assert unknown.verdict == "You did not know yet." and not unknown.correct
    assert unknown.detail.startswith("The right answer: Both sides searched for a silver bullet")
    assert unknown.detail.endswith(".")
    assert review(q, None).verdict == "Not answered."
