"""Material's navigation and tabs rendered once per set of links (iplibrary_mkdocs.nav_once):
every page, in the navigation or not, at any depth, comes out as stock Material renders it."""

import textwrap

import pytest
from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from iplibrary_mkdocs import nav_once

IN_NAV = ["index.md", "library/index.md", "library/faq.md", "about.md"]
OUTSIDE = ["faq/a.md", "faq/b.md", "library/topics/x.md", "library/topics/y.md", "deep/er/z.md", "library/faq/q.md"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("nav")
    for rel in IN_NAV + OUTSIDE:
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {rel}\n\n## Part\n\nText of {rel}.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Test
        site_url: https://example.org/
        theme: {name: material, features: [navigation.tabs, navigation.top]}
        nav:
          - index.md
          - Library: [library/index.md, library/faq.md, {Elsewhere: "https://example.com/"}]
          - about.md
        validation: {omitted_files: ignore}
        """), encoding="utf-8")
    config = load_config(config_file=str(root / "mkdocs.yml"))
    files = get_files(config)
    nav = get_navigation(files, config)
    pages = {}
    for file in files.documentation_pages():
        page = file.page or Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
        pages[file.src_uri] = page
    return config, files, nav, pages


def _html(env, config, files, nav, page) -> str:
    page.active = True
    try:
        return env.get_template("main.html").render(get_context(nav, files.documentation_pages(), config, page))
    finally:
        page.active = False


def test_every_page_is_rendered_as_stock_material_renders_it(site):
    config, files, nav, pages = site
    stock, remembering = config.theme.get_env(), nav_once.remember_nav(config.theme.get_env())
    for src_uri in IN_NAV + OUTSIDE + OUTSIDE:  # twice: the second time from memory
        expected = _html(stock, config, files, nav, pages[src_uri])
        assert 'class="md-tabs"' in expected and "md-nav--primary" in expected
        assert _html(remembering, config, files, nav, pages[src_uri]) == expected, src_uri


def test_pages_outside_the_navigation_share_a_key_where_their_links_are_the_same(site):
    config, files, nav, pages = site

    def key(src_uri):
        page = pages[src_uri]
        page.active = True
        try:
            context = config.theme.get_env().get_template("main.html").new_context(get_context(nav, files.documentation_pages(), config, page))
            return nav_once.nav_key(context)
        finally:
            page.active = False

    assert all(key(src_uri) is None for src_uri in IN_NAV)  # the page is in it, or an item is active
    assert key("faq/a.md") == key("faq/b.md")
    assert key("library/topics/x.md") == key("library/topics/y.md") != key("faq/a.md")
    assert key("library/faq/q.md") != key("library/topics/x.md")  # '../' to library/faq/ differs
    assert key("deep/er/z.md") not in (key("faq/a.md"), key("library/topics/x.md"))


def test_a_template_renders_once_per_key():
    calls = []

    def render(context):
        calls.append(context)
        yield "<nav>"
        yield context["n"]
        yield "</nav>"

    remembered = nav_once.memoized(render, key_of=lambda context: context.get("key"))
    assert "".join(remembered({"key": 1, "n": "a"})) == "<nav>a</nav>"
    assert "".join(remembered({"key": 1, "n": "b"})) == "<nav>a</nav>"  # same key: from memory
    assert "".join(remembered({"key": None, "n": "c"})) == "<nav>c</nav>"  # no key: rendered
    assert len(calls) == 2


def test_the_environment_renders_the_navigation_from_memory(site, monkeypatch):
    config, files, nav, pages = site
    rendered = []
    original = nav_once.memoized

    def counting(render, key_of=nav_once.nav_key):
        def render_counted(context):
            rendered.append(context["page"].file.src_uri)
            yield from render(context)
        return original(render_counted, key_of)

    monkeypatch.setattr(nav_once, "memoized", counting)
    env = nav_once.remember_nav(config.theme.get_env())
    for src_uri in ("faq/a.md", "faq/b.md", "index.md", "index.md"):
        _html(env, config, files, nav, pages[src_uri])
    assert rendered == ["faq/a.md", "faq/a.md"] + ["index.md"] * 4  # nav and tabs; a page in the nav every time
