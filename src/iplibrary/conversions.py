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
that changed, and `start_build` forgets what the build before did not use. Kept across
processes too (`save`, `load`, a file under the project's `.cache/`): a one-language
preview after an edit converts only what changed since the build before. The file is
used only by the same converter (`salt`: the versions of the packages that convert and
the code of this cache and its glue), and holds what one of the last `AGES` builds used,
so that a preview of one language does not drop the conversions of the others.
Plain Python; knows nothing of MkDocs (the glue is `iplibrary_mkdocs.convert_once`).
"""

import hashlib
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

FILE_FORMAT = 1  # of the file `save` writes
AGES = 4  # a conversion no build used among the last AGES that saved is not saved again
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
        self._ages: dict[bytes, int] = {}  # key -> builds saved since one used it (loaded from a file)
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
        self._ages.clear()

    def save(self, path: Path, salt: str) -> int:
        """Write the conversions this build used, and those loaded that one of the last AGES
        builds used, to `path` (atomically); the number of texts written."""
        kept = {}
        for key, conversions in self._kept.items():
            age = 0 if self._used.get(key) == self.build else self._ages.get(key, AGES) + 1
            if age < AGES:
                kept[key] = (age, conversions)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")  # two builds at once write their own
        with partial.open("wb") as out:
            pickle.dump((FILE_FORMAT, salt, kept), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        return len(kept)

    def load(self, path: Path, salt: str) -> int:
        """Add the conversions `save` wrote with the same `salt`; the number of texts added.
        A missing, unreadable or other converter's file adds nothing."""
        try:
            with path.open("rb") as found:
                file_format, file_salt, kept = pickle.load(found)
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError):
            return 0
        if file_format != FILE_FORMAT or file_salt != salt:
            return 0
        added = 0
        for key, (age, conversions) in kept.items():
            if key not in self._kept:
                self._kept[key] = list(conversions)[-self.variants:]
                self._used[key] = self.build - 1  # not used by this build until it is
                self._ages[key] = age
                added += 1
        return added

    def __len__(self) -> int:
        return len(self._kept)
