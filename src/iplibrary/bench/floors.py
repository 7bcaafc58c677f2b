"""The markdown floors of the benchmark: Python-Markdown alone over the pages a build shows.

`python -m iplibrary.bench.floors PROJECT MODE RESULT_JSON` converts the markdown pages of
a baseline project (its docs/: `name.md` and `name.<lang>.md`) with the project's own
markdown extensions and their settings, exactly as MkDocs takes them (its built-in `toc`,
`tables`, `fenced_code` included), a fresh `markdown.Markdown` for each page as MkDocs
makes, and writes {"conversions", "seconds", "cpu"} - the conversions' time alone, not
the process's start - to RESULT_JSON. MODE:

- `per-language`: once per page per language, as a seven-language build shows them: a
  language's translation where there is one, else the English text (a fallback copy),
  converted again in every language;
- `distinct`: once per distinct source (English plus the real translations).

A build can do no better than the second; stock MkDocs does the first.
"""

import json
import re
import sys
import time
from pathlib import Path

from iplibrary.languages import DEFAULT_LANGUAGE
from iplibrary.urls import english_path, language_file, path_language


MKDOCS_BUILTINS = ["toc", "tables", "fenced_code"]  # extensions MkDocs 1.6 always adds before the project's
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S | re.M)  # mkdocs.utils.meta.YAML_RE


def body(text: str) -> str:
    """The text MkDocs converts: front matter removed (`mkdocs.utils.meta.get_data`)."""
    found = FRONT_MATTER.match(text)
    return text[found.end():].lstrip("\n") if found else text


def page_texts(docs: Path, languages: list[str], mode: str) -> list[str]:
    """The markdown of every conversion of `mode`, front matter removed (as MkDocs does)."""
    sources = {path.relative_to(docs).as_posix(): path for path in sorted(docs.rglob("*.md"))}
    if mode == "distinct":
        chosen = list(sources)
    elif mode == "per-language":
        english = [rel for rel in sources if path_language(rel) == DEFAULT_LANGUAGE]
        chosen = []
        for lang in languages:
            chosen += [language_file(rel, lang) if language_file(rel, lang) in sources else rel for rel in english]
        chosen += [rel for rel in sources if english_path(rel) not in sources]  # pages only in another language
    else:
        raise ValueError(f"unknown mode {mode!r} (per-language, distinct)")
    texts = {rel: body(path.read_text(encoding="utf-8-sig")) for rel, path in sources.items()}
    return [texts[rel] for rel in chosen]


def markdown_settings(root: Path) -> tuple[list[str], dict]:
    """The extensions and their configuration MkDocs would use for the project at `root`
    (its `markdown_extensions`, after MkDocs' built-in ones, each once)."""
    from iplibrary.settings import read_settings

    names, configs = list(MKDOCS_BUILTINS), {}
    for item in read_settings(root).get("markdown_extensions") or []:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if config:
            configs[name] = config
    return names, configs


def convert_all(texts: list[str], extensions: list, configs: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of converting every text with a fresh converter."""
    import markdown

    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str]) -> int:
    project, mode, result = Path(argv[0]), argv[1], Path(argv[2])
    from iplibrary.languages import LANGUAGES

    extensions, configs = markdown_settings(project)
    texts = page_texts(project / "docs", list(LANGUAGES), mode)
    convert_all(texts[:3], extensions, configs)  # imports and first-use set-up are not conversion
    wall, cpu = convert_all(texts, extensions, configs)
    result.write_text(json.dumps({"conversions": len(texts), "seconds": wall, "cpu": cpu}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
