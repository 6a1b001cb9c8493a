"""The excerpts edition: ``ARTICLE_TEXT=excerpts make book`` publishes no full paragraph.

No reprint permission from the IIP is recorded (LICENSES.md). For institutions whose
review will not accept the full text, the book can be built with each of the article's
paragraphs replaced by its opening words and a link to the original. These tests build
the real book that way, through the real ``jupyter-book`` CLI with warnings as errors,
into ``_build/excerpts`` (so the normal site in ``_build/html`` is left alone), and then
read every file of the built site, wheels included.

The paragraphs and their opening words are computed here from the seed, independently
of ``book/_ext/article_text.py``.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .site_support import ARTIFACTS, guard_cache, jupyter_book, sphinx_warnings
from .test_article_fidelity import AUTHOR_NOTE, CHAPTER_MAP, _seed_parts

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "_build" / "excerpts"
IIP_URL = (
    "https://www.iipvienna.com/new-blog/2023/12/19/"
    "no-silver-bullet-for-peace-between-armenia-and-azerbaijan"
)
MAX_WORDS = 8
ZIPPED = {".whl", ".zip"}
BINARY = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".eot", ".wasm"}


def _opening_words(text: str) -> str:
    return " ".join(text.split(" ")[:MAX_WORDS]).rstrip()


def _anchor(which: int | str) -> str:
    return "article-author-note" if which == AUTHOR_NOTE else f"article-p{which}"


@pytest.fixture(scope="module")
def paragraphs() -> dict[int | str, str]:
    return _seed_parts()[2]


@pytest.fixture(scope="module")
def excerpts_site() -> Path:
    """Build the real book in the excerpts edition; return its html folder."""
    guard_cache(ROOT)
    shutil.rmtree(OUTPUT, ignore_errors=True)
    proc = subprocess.run(
        [
            str(jupyter_book()),
            "build",
            str(ROOT),
            "-W",
            "-n",
            "--keep-going",
            "--path-output",
            str(OUTPUT),
        ],
        cwd=ROOT,
        env={**os.environ, "ARTICLE_TEXT": "excerpts"},
        capture_output=True,
        text=True,
    )
    log = proc.stdout + proc.stderr
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "build-excerpts.log").write_text(log)
    assert proc.returncode == 0, log[-3000:]
    assert not sphinx_warnings(log), "\n".join(sphinx_warnings(log))
    return OUTPUT / "_build" / "html"


def _site_texts(site: Path):
    """(name, text) for every readable file of the site, and every file inside a wheel."""
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in BINARY:
            continue
        name = str(path.relative_to(site))
        if path.suffix in ZIPPED:
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{name}!{member}", archive.read(member).decode("utf-8", "replace")
        else:
            yield name, path.read_bytes().decode("utf-8", "replace")


pytestmark = pytest.mark.build


def test_no_file_of_the_site_holds_a_full_paragraph(excerpts_site, paragraphs):
    assert not (excerpts_site / "_sources").exists(), "the page sources hold the paragraphs"
    forms = {
        which: {text.strip(), html.escape(text.strip(), quote=False), html.escape(text.strip())}
        for which, text in paragraphs.items()
    }
    checked = 0
    for name, text in _site_texts(excerpts_site):
        checked += 1
        for which, variants in forms.items():
            assert not any(v in text for v in variants), f"{name} holds paragraph {which}"
    assert checked > 100, f"only {checked} files read"


@pytest.mark.parametrize("chapter", list(CHAPTER_MAP))
def test_each_block_shows_opening_words_and_links_the_original(excerpts_site, paragraphs, chapter):
    page = excerpts_site / "book" / "chapters" / f"{chapter.removesuffix('.md')}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    blocks = soup.select("article blockquote.article-text")
    assert len(blocks) == len(CHAPTER_MAP[chapter])
    for block, which in zip(blocks, CHAPTER_MAP[chapter], strict=True):
        shown = block.select_one("p.article-text__para").get_text()
        assert shown == _opening_words(paragraphs[which]) + " …", (chapter, which, shown)
        assert len(shown.split()) <= MAX_WORDS + 1
        assert "From the article" in block.get_text(), "the excerpt is still marked"
        hrefs = [a["href"] for a in block.select("a[href]")]
        assert IIP_URL in hrefs, f"{chapter}: block {which} does not link the original"
        assert any(h.endswith(f"back/article.html#{_anchor(which)}") for h in hrefs)


def test_appendix_has_every_paragraph_as_opening_words_with_its_link(excerpts_site, paragraphs):
    soup = BeautifulSoup(
        (excerpts_site / "book" / "back" / "article.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    full = soup.select_one("section.article-full")
    for which, text in paragraphs.items():
        para = full.find(id=_anchor(which))
        assert para is not None, f"no anchor for paragraph {which}"
        assert para.get_text() == _opening_words(text) + " …"
        link = para.find_next_sibling("p")
        assert link is not None and link.find("a", href=IIP_URL), f"paragraph {which}: no link"
    main = soup.select_one("article").get_text(" ")
    assert "excerpts edition" in main
    assert "reproduces the whole article" not in main


def test_about_page_says_this_is_the_excerpts_edition(excerpts_site):
    text = (excerpts_site / "book" / "front" / "about-the-article.html").read_text("utf-8")
    assert "This copy of the course is the excerpts edition" in text


def test_an_unknown_edition_stops_the_build_with_a_clear_message():
    proc = subprocess.run(
        [sys.executable, "-c", _CONFIG_CHECK],
        cwd=ROOT,
        env={**os.environ, "ARTICLE_TEXT": "summary"},
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "ARTICLE_TEXT='summary' is not an edition of the article's text" in proc.stderr
    assert "full, excerpts" in proc.stderr


# Runs the extension's config check the way Sphinx does, without a whole build.
_CONFIG_CHECK = """
import sys
from types import SimpleNamespace
sys.path.insert(0, "book/_ext")
import article_text
config = SimpleNamespace(article_text=article_text.edition_from_environment())
app = SimpleNamespace(tags=set())
article_text._choose_edition(app, config)
"""
