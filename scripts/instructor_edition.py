#!/usr/bin/env python3
"""Build the instructor edition of the course site: the public book plus facilitator material.

The public site (``make book``) must not carry the classroom scenarios'
confidential role sheets or the answer keys where students would stumble on
them. This edition is a separate build with its own output folder, not the
public site with some pages hidden by CSS:

1. For every built-in scenario, ``peacekit roles`` writes the print-ready
   handouts into ``book/instructor/role-sheets/<name>/`` (generated here at
   build time, never committed; the folder is git-ignored), and this script
   writes one book page per scenario that shows them and links the files.
2. It writes ``_build/instructor/_config.yml`` and ``_build/instructor/_toc.yml``:
   the public ``_config.yml`` and ``_toc.yml`` (read fresh each time, so the
   two editions never drift apart) plus the pages in ``book/instructor/pages.yml``
   and the role-sheet pages.
3. It runs ``jupyter-book build`` with that configuration into
   ``_build/instructor/_build/html``. Extra arguments are passed on
   (``make instructor`` passes ``-W -n --keep-going``).

Usage: python scripts/instructor_edition.py [jupyter-book build options]
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import cache_guard  # scripts/ is on the path when this file runs as a script
from ruamel.yaml import YAML

from peacekit.classroom.handout import md_escape, to_markdown
from peacekit.classroom.packet_index import audience
from peacekit.classroom.role_sheets import role_sheets, write_role_sheets
from peacekit.scenarios.scenario_file import builtin_scenario_names, load_builtin

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "book" / "instructor" / "pages.yml"
SHEETS = ROOT / "book" / "instructor" / "role-sheets"
OUT = ROOT / "_build" / "instructor"
FLAGSHIP = "december-2023"


def yaml_io() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    return yaml


def role_sheet_pages() -> list[str]:
    """Write every built-in scenario's handouts and its book page; return the page names."""
    SHEETS.mkdir(parents=True, exist_ok=True)
    pages = []
    # The flagship scenario first, then the others in name order.
    names = sorted(builtin_scenario_names(), key=lambda n: (n != FLAGSHIP, n))
    for name in names:
        scenario = load_builtin(name)
        sheets = role_sheets(scenario)
        folder = SHEETS / name
        write_role_sheets(sheets, folder, force=True)  # generated from the scenario
        page = SHEETS / f"{name}.md"
        page.write_text(_page(name, sheets), encoding="utf-8")
        pages.append(page.relative_to(ROOT).with_suffix("").as_posix())
    return pages


def _page(name: str, sheets) -> str:
    scenario = sheets.scenario
    links = [
        f"{{download}}`{stem}.html <{name}/{stem}.html>`: "
        + md_escape("; ".join(audience(scenario, stem)))
        for stem in sheets.files()
    ]
    lines = [
        f"# Role sheets: {md_escape(scenario.title)}",
        "",
        ":::{warning}",
        "Instructor edition only. These pages hold every delegation's confidential "
        "instructions, points and reservation values, the team members' private goals, "
        "the answer key and what really happened. Hand each delegation only its own "
        "sheets, on paper, in class.",
        ":::",
        "",
        f"Generated at build time by `peacekit roles {name}` from the built-in scenario file "
        f"`{name}.yaml`, with the published numbers (never a classroom variant: print one "
        f"with `peacekit roles {name} --variant N`, as {{doc}}`../running-a-session` "
        "explains). To print, download the print-ready pages (A4; `--paper letter` for "
        "Letter). Each file starts on a new sheet of paper:",
        "",
        *[f"- {link}" for link in links],
        f"- {{download}}`results-template.csv <{name}/results-template.csv>`: for typing in "
        "the agreement forms",
        "",
        "Before you hand anything out, read {doc}`../mixed-classroom`. The same handouts "
        "follow as text.",
        "",
    ]
    parts = [("General brief", [sheets.general])]
    parts += [(f"Confidential: {h.title}", [h]) for h in sheets.delegations.values()]
    if sheets.team:
        parts.append(("Team sheets", list(sheets.team.values())))
    parts += [(h.title, [h]) for h in sheets.third_roles.values()]
    if sheets.injects is not None:
        parts.append(("Event cards", [sheets.injects]))
    parts += [("Agreement form", [sheets.agreement_form])]
    parts += [(sheets.facilitator.subtitle, [sheets.facilitator])]
    for heading, handouts in parts:
        lines += [f"## {md_escape(heading)}", ""]
        if len(handouts) == 1:
            lines.append(to_markdown(handouts[0], heading_offset=1, title=False))
            continue
        for handout in handouts:
            lines += [f"### {md_escape(handout.title)}", ""]
            lines.append(to_markdown(handout, heading_offset=2, title=False))
    return "\n".join(lines)


def instructor_config() -> dict:
    yaml = yaml_io()
    config = yaml.load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}
    config["title"] = f"{config.get('title', 'Course')} (instructor edition)"
    html = config.setdefault("html", {}) or {}
    config["html"] = html
    html["announcement"] = (
        "Instructor edition: it contains confidential role sheets and answer keys. "
        "Do not publish it where students can find it."
    )
    sphinx = config.setdefault("sphinx", {}) or {}
    # Local extension paths are read relative to the configuration file, which now
    # lives in _build/instructor: make them absolute.
    local = sphinx.get("local_extensions") or {}
    sphinx["local_extensions"] = {k: str((ROOT / v).resolve()) for k, v in local.items()}
    if not sphinx["local_extensions"]:
        del sphinx["local_extensions"]
    return config


def instructor_toc(role_pages: list[str]) -> dict:
    yaml = yaml_io()
    toc = yaml.load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    extra = yaml.load(PAGES.read_text(encoding="utf-8"))
    parts = toc.pop("parts", None)
    if parts is None:
        chapters = toc.pop("chapters", None)
        parts = [{"chapters": chapters}] if chapters else []
    parts = list(parts)
    sheets = {
        "caption": "Role sheets and answer keys",
        "chapters": [{"file": p} for p in role_pages],
    }
    same = [n for n, p in enumerate(parts) if p.get("caption") == extra.get("caption")]
    if same:  # e.g. the public "For instructors" part with the scenario-format page
        part = parts[same[0]]
        part["chapters"] = extra["chapters"] + list(part.get("chapters", []))
        parts.insert(same[0] + 1, sheets)
    else:
        parts += [extra, sheets]
    toc["parts"] = parts
    return toc


def dump(data: dict, path: Path) -> None:
    buffer = io.StringIO()
    yaml_io().dump(data, buffer)
    path.write_text(
        "# Generated by scripts/instructor_edition.py; edit the public file instead.\n"
        + buffer.getvalue(),
        encoding="utf-8",
    )


def guard_caches() -> None:
    """Rebuild from scratch when peacekit has changed, as the public build does.

    ``cache_guard`` clears the shared notebook cache and the public doctrees; this
    edition keeps its own doctrees and its own stamp, so either build may run first.
    """
    cache_guard.main()
    key = cache_guard.package_key()
    stamp = OUT / ".peacekit-cache-key"
    if not stamp.is_file() or stamp.read_text().strip() != key:
        shutil.rmtree(OUT / "_build" / ".doctrees", ignore_errors=True)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(key + "\n")


def main(argv: list[str]) -> int:
    guard_caches()
    role_pages = role_sheet_pages()
    OUT.mkdir(parents=True, exist_ok=True)
    config, toc = OUT / "_config.yml", OUT / "_toc.yml"
    dump(instructor_config(), config)
    dump(instructor_toc(role_pages), toc)
    jb = Path(sys.executable).with_name("jupyter-book")
    command = [
        str(jb),
        "build",
        str(ROOT),
        "--config",
        str(config),
        "--toc",
        str(toc),
        "--path-output",
        str(OUT),
        *argv,
    ]
    status = subprocess.run(command, cwd=ROOT).returncode
    if status == 0:
        print(f"The instructor edition is in {OUT / '_build' / 'html'}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
