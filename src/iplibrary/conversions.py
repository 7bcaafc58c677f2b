"""Markdown conversions kept for reuse: each distinct text is converted once per build.

A seven-language build with 20 % translated shows most pages of every other language as
an English fallback copy: the same markdown, converted again in each language pass. A
conversion is a function of the markdown text and the converter's settings, except for
one step: the links, which the site generator rewrites for the page being built
(`Conversion.links` records each target as written and as rewritten). A kept conversion
is therefore reused for another page exactly when the text and the settings are the same
(the key) and every link of it is rewritten to the same address for that page
(`reusable`); otherwise the page is converted again, and that conversion is kept too
(`VARIANTS` of them a text: in a seven-language site, the English one and the one every
other language shares).

Kept across rebuilds of one process (`mkdocs serve`): a rebuild converts only the texts
that changed, and `start_build` forgets what the build before did not use.
Plain Python; knows nothing of MkDocs (the glue is `iplibrary_mkdocs.convert_once`).
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

VARIANTS = 4  # kept conversions of one text whose links differ (English; under a language prefix; ...)


@dataclass(frozen=True)
class Conversion:
    html: str
    toc_tokens: list  # the toc extension's tokens, read-only
    title: str | None  # the text of the leading <h1>, if any
    anchors: frozenset[str]  # every id (and <a name>) of the HTML
    links: tuple[tuple[str, str], ...]  # (link as written, as rewritten), in document order


def conversion_key(markdown: str, settings: str) -> bytes:
    """The text and the converter's settings (extensions and their configuration)."""
    digest = hashlib.blake2b(markdown.encode("utf-8"), digest_size=20)
    digest.update(b"\0" + settings.encode("utf-8"))
    return digest.digest()


def reusable(conversion: Conversion, rewrite: Callable[[str], str]) -> bool:
    """Whether `rewrite` (the link rewriting of the page at hand) gives every link of
    `conversion` the address it had: then the page's HTML is the conversion's HTML."""
    return all(rewrite(written) == rewritten for written, rewritten in conversion.links)


class ConversionCache:
    """Conversions by key, with a few variants a key; counts what it saved."""

    def __init__(self, variants: int = VARIANTS):
        self.variants = variants
        self._kept: dict[bytes, list[Conversion]] = {}
        self._used: dict[bytes, int] = {}  # key -> the last build that used it
        self.build = 0
        self.reused = 0
        self.converted = 0

    def candidates(self, key: bytes) -> Iterator[Conversion]:
        yield from list(self._kept.get(key, ()))

    def use(self, key: bytes) -> None:
        self._used[key] = self.build
        self.reused += 1

    def keep(self, key: bytes, conversion: Conversion) -> None:
        kept = self._kept.setdefault(key, [])
        if len(kept) >= self.variants:
            kept.pop(0)
        kept.append(conversion)
        self._used[key] = self.build
        self.converted += 1

    def start_build(self) -> None:
        """A new build: forget the conversions the previous one did not use."""
        for key in [key for key, build in self._used.items() if build < self.build]:
            del self._kept[key], self._used[key]
        self.build += 1
        self.reused = self.converted = 0

    def clear(self) -> None:
        self._kept.clear()
        self._used.clear()

    def __len__(self) -> int:
        return len(self._kept)
