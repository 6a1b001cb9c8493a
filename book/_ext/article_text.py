"""Show the article's own words, and only its words, wherever the course quotes it.

The course mixes two kinds of text: Rahimov's article and the course's commentary on it.
Readers from both societies must be able to tell them apart at a glance, and the
article must never drift from what was published. This extension gives the book two
directives that read the article from ``seeds/`` at build time:

``article-paragraph``
    Used in the chapters. Its body is one paragraph copied verbatim from the seed,
    and its argument is the paragraph's number (``1`` to ``12``) or ``author-note``.
    The directive renders the paragraph as a block quote with the ``article-text``
    class and an attribution line (author, paragraph number linked to the appendix,
    and the article's own section heading). If the body differs from the seed by a
    single character the build warns, so a ``-W`` build fails.

``article-full``
    Used once, in the appendix. It renders the whole article straight from the seed
    file, so the appendix is an include, not a second copy that could drift.

Two editions of the article's text, chosen by the environment variable
``ARTICLE_TEXT`` when the book is built:

``full`` (the default)
    Every block shows its whole paragraph, and the appendix the whole article.
``excerpts`` (``ARTICLE_TEXT=excerpts make book``)
    For institutions whose review will not accept the full text without the
    publisher's permission. Each block shows only the paragraph's opening words
    (verbatim, still marked as the article's), followed by a link to the paragraph in
    the original article on the IIP Blog; the appendix shows the article's title,
    headings and the opening words of each paragraph, each with the same link. The
    chapters' sources still hold the whole paragraphs, and they are still checked
    against the seed, but the build neither renders them nor copies the page sources
    (``_sources/``) into the site. Pages can tell the editions apart with the Sphinx
    tag ``article_excerpts`` (the ``only`` directive).

The seed is parsed here rather than in ``peacekit`` because it is a fact about the
book's sources, not part of the negotiation model.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

__version__ = "1.0"

logger = logging.getLogger(__name__)

AUTHOR_NOTE = "author-note"

FULL = "full"
EXCERPTS = "excerpts"
EDITIONS = (FULL, EXCERPTS)
EXCERPT_TAG = "article_excerpts"
ENVIRONMENT_VARIABLE = "ARTICLE_TEXT"
# "A few words": enough to find the paragraph in the original, far too few to replace it.
EXCERPT_WORDS = 8


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph, with the heading of the section it sits in (``None`` for the
    opening paragraph, which precedes the first heading)."""

    number: int
    heading: str | None
    text: str


@dataclass(frozen=True)
class Article:
    title: str
    paragraphs: tuple[Paragraph, ...]
    author_note: str

    def sections(self) -> list[tuple[str | None, list[Paragraph]]]:
        """Group paragraphs under their headings, in article order."""
        grouped: list[tuple[str | None, list[Paragraph]]] = []
        for para in self.paragraphs:
            if not grouped or grouped[-1][0] != para.heading:
                grouped.append((para.heading, []))
            grouped[-1][1].append(para)
        return grouped


def _is_heading(block: str) -> bool:
    # The seed is plain text: a heading is a short single line with no closing
    # punctuation, while every paragraph ends with a full stop.
    line = block.rstrip()
    return "\n" not in line and len(line) < 100 and not line.endswith((".", "?", "!", "”"))


def parse_article(text: str) -> Article:
    """Split the seed into title, numbered body paragraphs and the author note.

    Blocks are separated by blank lines. The author note is the last block; it is
    set off by two blank lines in the seed. Paragraph text is kept byte for byte,
    including trailing whitespace, because the chapters must match it exactly.
    """
    blocks = [block.lstrip("\n") for block in text.split("\n\n")]
    blocks = [block for block in blocks if block.strip()]
    title, *body, author_note = blocks
    heading: str | None = None
    paragraphs: list[Paragraph] = []
    for block in body:
        if _is_heading(block):
            heading = block.strip()
        else:
            paragraphs.append(Paragraph(len(paragraphs) + 1, heading, block))
    return Article(title=title.strip(), paragraphs=tuple(paragraphs), author_note=author_note)


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """The paragraph's opening words, verbatim: the text up to its ``words``-th space.

    Cutting at ordinary spaces keeps the excerpt a prefix of the paragraph, byte for
    byte (no-break spaces and curly quotes included), so it is still the article's text.
    """
    parts = text.split(" ")
    return " ".join(parts[:words]).rstrip() if len(parts) > words else text.rstrip()


def edition_from_environment() -> str:
    """``full`` unless ``ARTICLE_TEXT`` asks for another edition (checked at config time)."""
    return os.environ.get(ENVIRONMENT_VARIABLE, FULL).strip().lower() or FULL


def paragraph_label(number: int | str) -> str:
    """Label of a paragraph's anchor in the appendix, shared by both directives."""
    return f"article-p{number}" if number != AUTHOR_NOTE else "article-author-note"


class _ArticleDirective(SphinxDirective):
    @property
    def excerpts_only(self) -> bool:
        return self.config.article_text == EXCERPTS

    def excerpt_paragraph(self, text: str, *extra_classes: str) -> nodes.paragraph:
        """The opening words, marked as cut with an ellipsis that is not the article's."""
        para = nodes.paragraph("", "", classes=["article-text__para", *extra_classes])
        para += nodes.Text(excerpt(text))
        para += nodes.inline("", " …", classes=["article-text__ellipsis"])
        return para

    def original_link(self, where: str) -> nodes.paragraph:
        """A line in the course's voice: where to read the whole paragraph."""
        line = nodes.paragraph("", "", classes=["article-text__original"])
        line += nodes.Text(
            f"This edition shows only the opening words of {where}. Read it in full in "
        )
        link = nodes.reference(
            "", "the original article on the IIP Blog", refuri=self.config.article_url
        )
        line += link
        line += nodes.Text(".")
        return line

    def load_article(self) -> Article:
        seed = Path(self.env.srcdir, self.config.article_seed)
        # Rebuild the pages that quote the article when the seed changes.
        self.env.note_dependency(str(seed))
        return parse_article(seed.read_text(encoding="utf-8"))

    def parse_inline(self, markup: str) -> list[nodes.Node]:
        """Parse one line of MyST (roles such as ``{cite:t}``) into inline nodes."""
        holder = nodes.Element()
        self.state.nested_parse(StringList([markup], self.get_source_info()[0]), 0, holder)
        inline: list[nodes.Node] = []
        for child in holder.children:
            inline.extend(child.children if isinstance(child, nodes.paragraph) else [child])
        return inline


class ArticleParagraph(_ArticleDirective):
    """A verbatim paragraph of the article, checked against the seed at build time."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        article = self.load_article()
        which = self.arguments[0].strip()
        body = "\n".join(self.content)
        if which == AUTHOR_NOTE:
            expected, where = article.author_note, "the author note"
            locator = "the author note at the end of the article"
        else:
            try:
                para = article.paragraphs[int(which) - 1]
            except (ValueError, IndexError):
                logger.warning(
                    "article-paragraph: %r is not 1-%d or %r",
                    which,
                    len(article.paragraphs),
                    AUTHOR_NOTE,
                    location=self.get_location(),
                )
                return []
            expected, where = para.text, f"paragraph {para.number}"
            locator = (
                f"under the heading “{para.heading}”"
                if para.heading
                else "the opening, before the first heading"
            )
        if body != expected:
            logger.warning(
                "article-paragraph %s differs from the seed %s; copy it again from the seed",
                which,
                self.config.article_seed,
                location=self.get_location(),
            )

        quote = nodes.block_quote(classes=["article-text"])
        self.set_source_info(quote)
        if self.excerpts_only:
            quote["classes"].append("article-text--excerpt")
            quote += nodes.paragraph(
                "", "From the article (opening words)", classes=["article-text__label"]
            )
            quote += self.excerpt_paragraph(body)
            quote += self.original_link(where)
        else:
            quote += nodes.paragraph("", "From the article", classes=["article-text__label"])
            quote += nodes.paragraph("", body, classes=["article-text__para"])
        attribution = nodes.attribution(classes=["article-text__attribution"])
        attribution += self.parse_inline(
            f"{{cite:t}}`{self.config.article_citation_key}`, "
            f"{{ref}}`{where} <{paragraph_label(which)}>`, {locator}"
        )
        quote += attribution
        return [quote]


class ArticleFull(_ArticleDirective):
    """The whole article, rendered from the seed: headings as sections, paragraphs
    anchored so that chapters can link to them."""

    has_content = False

    def _section(self, title: str) -> nodes.section:
        section = nodes.section()
        section["names"].append(nodes.fully_normalize_name(title))
        section += nodes.title(title, title)
        self.state.document.note_implicit_target(section, section)
        return section

    def _paragraph(self, text: str, label: str, *extra_classes: str) -> nodes.paragraph:
        if self.excerpts_only:
            para = self.excerpt_paragraph(text, *extra_classes)
        else:
            para = nodes.paragraph("", text, classes=["article-text__para", *extra_classes])
        para["names"].append(label)
        self.state.document.note_explicit_target(para, para)
        return para

    def _with_link(self, target: nodes.Element, para: nodes.paragraph, where: str) -> None:
        target += para
        if self.excerpts_only:
            target += self.original_link(where)

    def run(self) -> list[nodes.Node]:
        article = self.load_article()
        top = self._section(article.title)
        top["classes"] += ["article-text", "article-full"]
        self.set_source_info(top)
        if self.excerpts_only:
            top["classes"].append("article-full--excerpts")
        for heading, paragraphs in article.sections():
            target = top if heading is None else self._section(heading)
            for para in paragraphs:
                self._with_link(
                    target,
                    self._paragraph(para.text, paragraph_label(para.number)),
                    f"paragraph {para.number}",
                )
            if target is not top:
                top += target
        note = nodes.container(classes=["article-full__author-note"])
        self._with_link(
            note,
            self._paragraph(
                article.author_note, paragraph_label(AUTHOR_NOTE), "article-full__note-text"
            ),
            "the author note",
        )
        top += note
        return [top]


def _choose_edition(app: Sphinx, config: Config) -> None:
    """Check ``ARTICLE_TEXT``; for the excerpts edition, keep the page sources off the site.

    The chapters' Markdown holds the whole paragraphs, and Sphinx would otherwise copy it
    to ``_sources/`` for the "show source" and download buttons.
    """
    if config.article_text not in EDITIONS:
        raise ConfigError(
            f"{ENVIRONMENT_VARIABLE}={config.article_text!r} is not an edition of the "
            f"article's text; use one of: {', '.join(EDITIONS)}"
        )
    if config.article_text == EXCERPTS:
        app.tags.add(EXCERPT_TAG)
        config.html_copy_source = False
        config.html_show_sourcelink = False


def _remove_stale_sources(app: Sphinx) -> None:
    """An earlier full build left the chapters' Markdown in ``_sources/``; remove it."""
    if app.config.article_text != EXCERPTS:
        return
    stale = Path(app.outdir, "_sources")
    if stale.is_dir():
        logger.info("article_text: removing %s (page sources of an earlier full build)", stale)
        shutil.rmtree(stale)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value(
        "article_seed", "seeds/rahimov-2023-no-silver-bullet-iip-blog.txt", "env", [str]
    )
    app.add_config_value("article_citation_key", "rahimov2023", "env", [str])
    app.add_config_value(
        "article_url",
        "https://www.iipvienna.com/new-blog/2023/12/19/"
        "no-silver-bullet-for-peace-between-armenia-and-azerbaijan",
        "env",
        [str],
    )
    # Read from the environment, so `ARTICLE_TEXT=excerpts make book` needs no other
    # change; a different value from the last build makes Sphinx re-read every page.
    app.add_config_value("article_text", edition_from_environment(), "env", [str])
    app.connect("config-inited", _choose_edition)
    app.connect("builder-inited", _remove_stale_sources)
    app.add_directive("article-paragraph", ArticleParagraph)
    app.add_directive("article-full", ArticleFull)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
