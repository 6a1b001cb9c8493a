"""Printed handouts: one small block model, rendered to print-ready HTML and to Markdown.

Role sheets, the facilitator sheet, the debrief report and a student's exported
journal are handed out on paper (A4) and also pasted into learning platforms or
the instructor edition of the book (Markdown). Writing each sheet once as a list of blocks keeps the
two renderings identical in content, which is what lets the tests check that
the two delegations' sheets mirror each other.

Every piece of text that comes from a scenario or a results file is escaped
here, in one place: a scenario is a file anyone can write, so its text may
contain ``<script>``, Markdown syntax or a MyST ``$`` that would turn into maths.
Only the standard library is used (``html``, ``string``), to keep the runtime
small enough for the browser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from importlib import resources
from string import Template

# -- inline text ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Strong:
    text: str


@dataclass(frozen=True)
class Em:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph or a table cell."""

    text: str = ""


Inline = str | Strong | Em | Code | Link | Break
Runs = tuple[Inline, ...]


def runs(*parts: Inline | Runs) -> Runs:
    """Flatten text parts into a tuple of runs (a lone string is one run)."""
    out: list[Inline] = []
    for part in parts:
        if isinstance(part, tuple):
            out.extend(part)
        else:
            out.append(part)
    return tuple(out)


# -- blocks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    runs: Runs
    style: str = ""
    """An optional class for HTML (``small``, ``lead``); Markdown ignores it."""


@dataclass(frozen=True)
class Bullets:
    items: tuple[Runs, ...]
    ordered: bool = False


@dataclass(frozen=True)
class GroupRow:
    """A row that labels the rows below it (an issue above its options), across all columns."""

    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Runs, ...] | GroupRow, ...]
    numeric: tuple[int, ...] = ()
    """Columns to right-align (points)."""
    caption: str = ""
    style: str = ""


@dataclass(frozen=True)
class Box:
    """A framed block: a note on illustrative scores, a confidentiality warning."""

    title: str
    blocks: tuple[Block, ...]
    kind: str = "note"


@dataclass(frozen=True)
class WriteLines:
    """A prompt followed by ruled lines to write on (borders, so they print)."""

    prompt: Runs
    lines: int = 3


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Raw:
    """Pre-rendered content (e.g. an SVG chart) with a Markdown stand-in."""

    html: str
    markdown: str


Block = Heading | Para | Bullets | Table | Box | WriteLines | PageBreak | Raw


@dataclass(frozen=True)
class Handout:
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    running_head: str = ""
    """Printed at the top of every page (e.g. CONFIDENTIAL and the delegation)."""
    footer: str = ""
    kind: str = "general"
    """``general``, ``confidential``, ``facilitator``, ``form``, ``report`` or ``journal``:
    sets the kicker line and the accent style."""
    meta: dict[str, str] = field(default_factory=dict)
    """``data-*`` attributes on the page body, for tools and tests (e.g. the party id)."""
    landscape: bool = False
    """Print across the page (the debrief report: a chart beside its summary, wide tables)."""


# -- HTML ----------------------------------------------------------------------------------

_PAGE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="peacekit">
<title>$title</title>
<style>
$css
@page {
  size: $page_size;
  @top-center { content: $running_head; }
  @bottom-left { content: $footer; }
}
</style>
</head>
<body class="handout handout-$kind$orientation paper-$paper"$meta>
<main>
<header class="handout-header">
<p class="handout-kicker">$kicker</p>
<h1>$title</h1>
<p class="handout-subtitle">$subtitle</p>
</header>
$body
</main>
</body>
</html>
"""
)


def stylesheet() -> str:
    """The print stylesheet shared by every handout (A4, package data)."""
    return (resources.files("peacekit.classroom") / "handout.css").read_text(encoding="utf-8")


def css_string(text: str) -> str:
    """A CSS string literal that cannot end the string or the ``<style>`` element."""
    text = " ".join(text.split())
    out = []
    for ch in text:
        if ch in '"\\<>' or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


#: The paper sizes a handout prints on, and their CSS names.
PAPERS = {"a4": "A4", "letter": "letter"}


def to_html(handout: Handout, *, paper: str = "a4") -> str:
    """A complete, self-contained HTML page (styles inline, no external requests), laid
    out for ``paper`` (``a4`` or ``letter``)."""
    kickers = {
        "general": "General brief · for all participants",
        "confidential": "Confidential · for your delegation only",
        "team": "Confidential · for you only",
        "third": "For the mediator or observer of one table",
        "cards": "Event cards · for the facilitator",
        "facilitator": "Facilitator sheet · instructor only",
        "report": "Class debrief",
        "form": "Agreement form · one per pair",
        "journal": "Reflection journal · for submission",
    }
    meta = "".join(
        f' data-{html.escape(k)}="{html.escape(v)}"' for k, v in sorted(handout.meta.items())
    )
    return _PAGE.substitute(
        title=html.escape(handout.title),
        subtitle=html.escape(handout.subtitle),
        kicker=html.escape(kickers.get(handout.kind, "")),
        kind=html.escape(handout.kind),
        css=stylesheet(),
        running_head=css_string(handout.running_head or handout.title),
        footer=css_string(handout.footer),
        meta=meta,
        page_size=PAPERS[paper] + (" landscape" if handout.landscape else ""),
        orientation=" landscape" if handout.landscape else "",
        paper=paper,
        body="\n".join(_block_html(b) for b in handout.blocks),
    )


def html_runs(parts: Runs) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(html.escape(part))
        elif isinstance(part, Strong):
            out.append(f"<strong>{html.escape(part.text)}</strong>")
        elif isinstance(part, Em):
            out.append(f"<em>{html.escape(part.text)}</em>")
        elif isinstance(part, Code):
            out.append(f"<code>{html.escape(part.text)}</code>")
        elif isinstance(part, Link):
            out.append(f'<a href="{html.escape(part.url)}">{html.escape(part.text)}</a>')
        elif isinstance(part, Break):
            out.append("<br>")
    return "".join(out)


def _block_html(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 2), 4)
        return f"<h{level}>{html.escape(block.text)}</h{level}>"
    if isinstance(block, Para):
        cls = f' class="{html.escape(block.style)}"' if block.style else ""
        return f"<p{cls}>{html_runs(block.runs)}</p>"
    if isinstance(block, Bullets):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{html_runs(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Table):
        return _table_html(block)
    if isinstance(block, Box):
        inner = "\n".join(_block_html(b) for b in block.blocks)
        title = f'<p class="box-title">{html.escape(block.title)}</p>' if block.title else ""
        return f'<aside class="box box-{html.escape(block.kind)}">{title}\n{inner}</aside>'
    if isinstance(block, WriteLines):
        lines = '<span class="line"></span>' * block.lines
        return f'<div class="write"><p>{html_runs(block.prompt)}</p>{lines}</div>'
    if isinstance(block, PageBreak):
        return '<div class="page-break" aria-hidden="true"></div>'
    if isinstance(block, Raw):
        return block.html
    raise TypeError(f"not a handout block: {block!r}")  # pragma: no cover


def _table_html(table: Table) -> str:
    def cell(tag: str, k: int, content: str) -> str:
        cls = ' class="num"' if k in table.numeric else ""
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{cls}{scope}>{content}</{tag}>"

    head = "".join(cell("th", k, html.escape(h)) for k, h in enumerate(table.header))
    thead = f"<thead><tr>{head}</tr></thead>" if any(table.header) else ""
    body = "".join(
        f'<tr class="group"><th colspan="{len(table.header)}" scope="rowgroup">'
        f"{html.escape(row.text)}</th></tr>"
        if isinstance(row, GroupRow)
        else "<tr>" + "".join(cell("td", k, html_runs(c)) for k, c in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    cls = f' class="{html.escape(table.style)}"' if table.style else ""
    caption = f"<caption>{html.escape(table.caption)}</caption>" if table.caption else ""
    return f"<table{cls}>{caption}{thead}<tbody>{body}</tbody></table>"


# -- Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>$|#~&])")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])")


def md_escape(text: str) -> str:
    """Escape text so that CommonMark and MyST show it literally (no maths, roles, HTML).

    Runs of whitespace become one space, but a run's leading or trailing space is
    kept: it separates the run from its neighbour ("bid: " + bold text).
    """
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _emphasis(marker: str, text: str) -> str:
    """``**text**`` with any outer spaces moved outside the markers (or it is not bold)."""
    inner = md_escape(text)
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = " " if inner[:1] == " " else ""
    trail = " " if inner[-1:] == " " else ""
    return f"{lead}{marker}{stripped}{marker}{trail}"


def md_paragraph(text: str) -> str:
    """A paragraph must not open a block: a list, a quote, a MyST comment (%), target or fence."""
    text = text.lstrip()
    numbered = _MD_NUMBERED.match(text)
    if numbered:
        return numbered.group(1) + "\\" + text[len(numbered.group(1)) :]
    if text[:1] and text[0] in "!\"'()*+,-./:;=?@^%" and not text.startswith("\\"):
        return "\\" + text
    return text


def md_runs(parts: Runs, *, paragraph: bool = False) -> str:
    """Markdown for inline runs; ``paragraph`` when they start a line of their own."""
    out = []
    for n, part in enumerate(parts):
        if isinstance(part, str):
            text = md_escape(part)
            out.append(md_paragraph(text) if paragraph and n == 0 else text)
        elif isinstance(part, Strong):
            out.append(_emphasis("**", part.text))
        elif isinstance(part, Em):
            out.append(_emphasis("*", part.text))
        elif isinstance(part, Code):
            tick = "``" if "`" in part.text else "`"
            out.append(f"{tick}{part.text}{tick}")
        elif isinstance(part, Link):
            url = part.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            out.append(f"[{md_escape(part.text)}]({url})")
        elif isinstance(part, Break):
            out.append("<br>")
    return "".join(out)


def to_markdown(handout: Handout, *, heading_offset: int = 0, title: bool = True) -> str:
    """Markdown with pipe tables. ``heading_offset`` shifts headings (for inclusion in a page)."""
    out: list[str] = []
    if title:
        out += [f"{'#' * (1 + heading_offset)} {md_escape(handout.title)}", ""]
        if handout.subtitle:
            out += [f"*{md_escape(handout.subtitle)}*", ""]
    for block in handout.blocks:
        text = _block_md(block, heading_offset)
        if text:
            out += [text, ""]
    return "\n".join(out).rstrip() + "\n"


def _block_md(block: Block, offset: int) -> str:
    if isinstance(block, Heading):
        return f"{'#' * min(block.level + offset, 6)} {md_escape(block.text)}"
    if isinstance(block, Para):
        return md_runs(block.runs, paragraph=True).strip()
    if isinstance(block, Bullets):
        return "\n".join(
            f"{f'{n}.' if block.ordered else '-'} {md_runs(item, paragraph=True)}"
            for n, item in enumerate(block.items, 1)
        )
    if isinstance(block, Table):
        return _table_md(block)
    if isinstance(block, Box):
        inner = [_emphasis("**", block.title)] if block.title else []
        inner += [_block_md(b, offset) for b in block.blocks]
        text = "\n\n".join(t for t in inner if t)
        return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
    if isinstance(block, WriteLines):
        return (
            md_runs(block.prompt, paragraph=True) + "\n\n" + "\n\n".join(["\\_" * 40] * block.lines)
        )
    if isinstance(block, PageBreak):
        return ""
    if isinstance(block, Raw):
        return block.markdown
    raise TypeError(f"not a handout block: {block!r}")  # pragma: no cover


def _table_md(table: Table) -> str:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(c or " " for c in cells) + " |"

    lines = []
    if table.caption:
        lines += [f"*{md_escape(table.caption)}*", ""]
    lines.append(row([md_escape(h) for h in table.header]))
    lines.append(row(["---:" if k in table.numeric else "---" for k in range(len(table.header))]))
    blank = [""] * (len(table.header) - 1)
    lines += [
        row([_emphasis("**", r.text), *blank])
        if isinstance(r, GroupRow)
        else row([md_runs(c) for c in r])
        for r in table.rows
    ]
    return "\n".join(lines)


def plain_text(handout: Handout) -> str:
    """The words of a handout without markup, for word counts and searches."""
    words: list[str] = [handout.title, handout.subtitle]

    def text(parts: Runs) -> str:
        return " ".join(p if isinstance(p, str) else p.text for p in parts)

    def walk(blocks: tuple[Block, ...]) -> None:
        for b in blocks:
            if isinstance(b, Heading):
                words.append(b.text)
            elif isinstance(b, Para):
                words.append(text(b.runs))
            elif isinstance(b, Bullets):
                words.extend(text(i) for i in b.items)
            elif isinstance(b, Table):
                words.extend(b.header)
                for r in b.rows:
                    words.extend([r.text] if isinstance(r, GroupRow) else [text(c) for c in r])
            elif isinstance(b, Box):
                words.append(b.title)
                walk(b.blocks)
            elif isinstance(b, WriteLines):
                words.append(text(b.prompt))
            elif isinstance(b, Raw):
                words.append(b.markdown)

    walk(handout.blocks)
    return " ".join(" ".join(words).split())
