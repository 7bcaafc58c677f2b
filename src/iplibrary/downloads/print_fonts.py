"""The fonts every PDF is set in, and the check that a machine has exactly those.

The print stylesheet names two families and nothing else: one for Latin (also Greek and
Cyrillic), one for Chinese. `scripts/setup` installs their Debian packages. Before a
build renders anything, `check_print_fonts` asks fontconfig (as WeasyPrint will) which
file each family and style resolves to: a machine that would substitute another font
fails with one line naming the package, instead of making PDFs that differ from every
other machine's. After rendering, `pdf_fonts.foreign_fonts` proves no other font was
drawn. Knows nothing of MkDocs; writes nothing.
"""

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from iplibrary.errors import BuildFailed


@dataclass(frozen=True, eq=False)  # each font is one constant: compared by identity
class PrintFont:
    family: str  # as print.css names it
    package: str  # the Debian package that installs it (scripts/setup installs it too)
    files: dict[str, str]  # fontconfig pattern -> the file name it must resolve to
    faces: tuple[str, ...]  # the families a PDF's font descriptors may name for it

    @property
    def patterns(self) -> list[str]:
        return list(self.files)


LATIN = PrintFont(
    family="Noto Sans",
    package="fonts-noto-core",
    files={"Noto Sans": "NotoSans-Regular.ttf",
           "Noto Sans:weight=bold": "NotoSans-Bold.ttf",
           "Noto Sans:slant=italic": "NotoSans-Italic.ttf",
           "Noto Sans:weight=bold:slant=italic": "NotoSans-BoldItalic.ttf"},
    # print.css's @font-face alias of Noto Sans for accented Latin letters inside Chinese
    # text (pinyin: kěkǒu kělè): WenQuanYi maps some of them to empty glyphs
    faces=("Noto Sans", "Noto Sans Latin in Chinese"),
)
# one weight: bold Chinese is emboldened by the renderer. Its collection also holds the
# monospaced face that code is set in (Latin and Chinese alike).
CJK = PrintFont(
    family="WenQuanYi Micro Hei",
    package="fonts-wqy-microhei",
    files={"WenQuanYi Micro Hei": "wqy-microhei.ttc",
           "WenQuanYi Micro Hei Mono": "wqy-microhei.ttc"},
    faces=("WenQuanYi Micro Hei", "WenQuanYi Micro Hei Mono"),
)
PRINT_FONTS = (LATIN, CJK)
FC_FORMAT = "%{file}\\n"


@dataclass(frozen=True)
class Resolved:
    pattern: str
    font: PrintFont
    file: Path | None  # what fontconfig gives; None without fontconfig

    @property
    def ok(self) -> bool:
        return self.file is not None and self.file.name == self.font.files[self.pattern]


def resolve(fonts=PRINT_FONTS) -> list[Resolved]:
    """Each font's patterns as fontconfig resolves them on this machine (honours
    FONTCONFIG_FILE, like the renderer)."""
    fc_match = shutil.which("fc-match")
    resolved = []
    for font in fonts:
        for pattern in font.patterns:
            found = None
            if fc_match:
                result = subprocess.run([fc_match, "--format", FC_FORMAT, pattern], capture_output=True, text=True)
                found = Path(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else None
            resolved.append(Resolved(pattern, font, found))
    return resolved


def missing_fonts_message(resolved: list[Resolved]) -> str | None:
    """One line naming every family the machine lacks and the packages to install."""
    lacking = list(dict.fromkeys(r.font for r in resolved if not r.ok))
    if not lacking:
        return None
    if not shutil.which("fc-match"):
        return ("PDFs need fontconfig (fc-match) and the fonts "
                f"{', '.join(f.family for f in PRINT_FONTS)}: run scripts/setup site as root, or "
                f"apt-get install fontconfig {' '.join(f.package for f in PRINT_FONTS)}")
    got = {}
    for r in resolved:
        if not r.ok:
            got.setdefault(r.font, r.file.name if r.file else "nothing")
    names = ", ".join(f"{font.family} (fontconfig gives {got[font]})" for font in lacking)
    return (f"the PDFs' fonts are not installed: {names}; run scripts/setup site as root, or "
            f"apt-get install {' '.join(font.package for font in lacking)}")


def check_print_fonts() -> list[Resolved]:
    """Raise BuildFailed (one line) unless every family resolves to its own files."""
    resolved = resolve()
    message = missing_fonts_message(resolved)
    if message:
        raise BuildFailed(message)
    return resolved


def fonts_fingerprint(resolved: list[Resolved]) -> str:
    """The fonts' identity for the PDF cache key: their files' contents, hashed."""
    digest = hashlib.sha256()
    for file in sorted({r.file for r in resolved if r.file}):
        digest.update(file.name.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:16]


def print_font_families() -> set[str]:
    """Every family a PDF may embed."""
    return {face for font in PRINT_FONTS for face in font.faces}
