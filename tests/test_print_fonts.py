"""The PDFs' own fonts: the stylesheet names exactly the families of
iplibrary.downloads.print_fonts, scripts/setup installs their packages, and a machine that lacks
one (simulated with a fontconfig configuration that lists only some font folders) stops
a build before anything is rendered, with one line naming the package."""

import re
import subprocess
from pathlib import Path

import pytest

from fixture_library import RESOURCES
from helpers import REPO, make_project
from iplibrary.errors import BuildFailed
from iplibrary.downloads.print_fonts import CJK, LATIN, PRINT_FONTS, check_print_fonts, missing_fonts_message, resolve
from test_build import run_cli

STYLESHEET = REPO / "src" / "iplibrary" / "downloads" / "print_template" / "print.css"


def fonts_conf(tmp_path: Path, folders) -> Path:
    """A fontconfig configuration that sees only `folders` (and caches in tmp_path)."""
    dirs = "".join(f"<dir>{folder}</dir>" for folder in folders)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig>{dirs}<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>\n',
                    encoding="utf-8")
    return conf


def folders_of(*fonts) -> list[Path]:
    """The folders this machine keeps `fonts`' files in."""
    return sorted({r.file.parent for r in resolve(fonts)})


def test_every_named_family_resolves_to_its_own_files_here():
    resolved = check_print_fonts()  # scripts/setup has run: `make test` runs it
    assert {(r.pattern, r.file.name) for r in resolved} == {(p, f) for font in PRINT_FONTS for p, f in font.files.items()}


def test_the_stylesheet_names_the_project_fonts_and_no_other():
    css = STYLESHEET.read_text(encoding="utf-8")
    named = {name for value in re.findall(r"font-family:\s*([^;}]+)", css) for name in re.findall(r'"([^"]+)"', value)}
    assert named == {face for font in PRINT_FONTS for face in font.faces}
    generic = re.findall(r"font-family:[^;}]*\b(sans-serif|serif|monospace|system-ui)\b", css)
    assert generic == []  # no fallback to whatever the machine has


def test_setup_installs_the_packages_of_the_fonts():
    script = (REPO / "scripts" / "setup").read_text(encoding="utf-8")
    packages = re.search(r"^FONT_PACKAGES=\(([^)]*)\)", script, re.M).group(1).split()
    assert packages == [font.package for font in PRINT_FONTS]


def test_a_machine_without_the_latin_font_gets_one_line_naming_its_package(tmp_path, monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts_conf(tmp_path, folders_of(CJK))))
    with pytest.raises(BuildFailed) as failure:
        check_print_fonts()
    message = str(failure.value)
    assert "\n" not in message
    assert message.startswith("the PDFs' fonts are not installed: Noto Sans (fontconfig gives wqy-microhei.ttc);")
    assert message.endswith("run scripts/setup site as root, or apt-get install fonts-noto-core")


def test_a_machine_without_any_font_names_both_packages(tmp_path, monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts_conf(tmp_path, [tmp_path / "empty"])))
    message = missing_fonts_message(resolve())
    assert "Noto Sans" in message and "WenQuanYi Micro Hei" in message
    assert message.endswith("apt-get install fonts-noto-core fonts-wqy-microhei")


def test_a_build_without_the_cjk_font_stops_before_rendering_and_keeps_the_site(tmp_path):
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project", RESOURCES)
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the published site", encoding="utf-8")
    conf = fonts_conf(tmp_path, folders_of(LATIN))
    result = run_cli(root, "build", env={"FONTCONFIG_FILE": str(conf)})
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if "the PDFs' fonts are not installed" in line]
    assert len(errors) == 1, result.stderr[-3000:]
    assert "WenQuanYi Micro Hei (fontconfig gives NotoSans-Regular.ttf)" in errors[0]
    assert errors[0].endswith("apt-get install fonts-wqy-microhei")
    assert "Traceback" not in result.stderr and "PDFs: 0/" not in result.stderr  # nothing rendered
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the published site"
    assert not (root / "site.new").exists() and not (root / ".cache" / "pdf").exists()


def test_fc_match_sees_what_the_fonts_conf_allows(tmp_path):
    """The simulation itself: with only the Latin font's folder, fontconfig cannot give the CJK font."""
    conf = fonts_conf(tmp_path, folders_of(LATIN))
    result = subprocess.run(["fc-match", "--format", "%{file}", "WenQuanYi Micro Hei"], capture_output=True, text=True,
                            env={"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin"})
    assert Path(result.stdout).parent in folders_of(LATIN)


def test_pinyin_inside_chinese_text_is_drawn_by_the_latin_font(tmp_path):
    """WenQuanYi maps some accented Latin letters to empty glyphs: the stylesheet gives
    them to Noto Sans inside Chinese text, in every style."""
    from iplibrary.downloads.pdf import render_one

    css = STYLESHEET.read_text(encoding="utf-8")
    html = (f'<html lang="zh"><head><meta charset="utf-8"><style>{css}</style></head><body>'
            "<p>可口可乐（kěkǒu kělè）“可口”，<em>kěkǒu</em>，<strong>shāngbiāo</strong>，<strong><em>Ǖǘ</em></strong></p></body></html>")
    # the renderer the build uses: it loads nothing but data: URLs and our fonts' files,
    # and checks every glyph is real and drawn by our fonts
    assert render_one(html, str(tmp_path / "pinyin.pdf")) == {"path": str(tmp_path / "pinyin.pdf"), "pages": 1}
    other = html.replace("<p>", '<p><img src="file:///etc/hostname" alt="">', 1)
    assert "refers to file:///etc/hostname" in render_one(other, str(tmp_path / "other.pdf"))["error"]
