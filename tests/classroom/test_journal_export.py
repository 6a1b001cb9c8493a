"""The journal's exports are handouts: the same words in Markdown and in a printable page."""

from datetime import datetime

from peacekit.classroom.handout import plain_text
from peacekit.classroom.journal_export import (
    NO_ANSWER,
    export_html,
    export_markdown,
    journal_handout,
)
from peacekit.scenarios.questions import builtin_reflection_questions

SECTIONS = builtin_reflection_questions()
FIRST = SECTIONS[0].questions[0]
T0 = datetime(2026, 11, 27, 10, 15)


def test_markdown_export_lists_every_question_and_marks_missing_answers():
    text = export_markdown(
        SECTIONS, {FIRST.key: "Our package: 16 released."}, name=" Ani ", course="C", when=T0
    )
    assert text.startswith(
        "# Reflection journal\n\nCourse: C\n\nName: Ani\n\nExported: 2026-11-27 10:15\n"
    )
    assert f"## {SECTIONS[0].title}" in text
    assert f"### {FIRST.text}\n\nOur package: 16 released." in text
    total = sum(len(s.questions) for s in SECTIONS)
    assert text.count(f"*{NO_ANSWER}*") == total - 1


def test_html_export_escapes_the_students_text_and_loads_nothing_external():
    page = export_html(SECTIONS, {FIRST.key: "<script>alert(1)</script> & more"}, name="<b>")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "Name: &lt;b&gt;" in page
    assert "http" not in page and "<link" not in page and "<script" not in page


def test_a_multi_line_answer_keeps_its_lines_in_both_renderings():
    answer = "First point.\nSecond point.\n\nA new paragraph."
    md = export_markdown(SECTIONS, {FIRST.key: answer})
    page = export_html(SECTIONS, {FIRST.key: answer})
    assert "First point.<br>Second point.<br><br>A new paragraph." in md
    assert '<p class="answer">First point.<br>Second point.<br><br>A new paragraph.</p>' in page


def test_markdown_syntax_in_an_answer_stays_text():
    md = export_markdown(SECTIONS, {FIRST.key: "# not a heading *not emphasis*"})
    assert "\\# not a heading \\*not emphasis\\*" in md


def test_both_renderings_hold_the_same_words():
    answers = {q.key: f"answer {n}" for n, q in enumerate(SECTIONS[1].questions)}
    handout = journal_handout(SECTIONS, answers, name="Ani", course="C", when=T0)
    words = plain_text(handout)
    for n in range(len(SECTIONS[1].questions)):
        assert f"answer {n}" in words
    assert "Name: Ani" in words and "Course: C" in words
