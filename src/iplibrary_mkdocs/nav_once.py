"""Material's navigation and tabs rendered once for all the pages that show them alike.

Material renders `partials/nav.html` and `partials/tabs.html` into every page: a third of
its per-page template time. Resources, generated pages and fallback copies stay out of
the navigation (README: How the build works), so for nearly every page both come out the
same but for their links, which MkDocs' `url` filter makes relative to the page.

What the two partials (and `nav-item.html`, `tabs-item.html`, `logo.html` they include)
read, in Material 9.8.1: `nav` and its items (titles, meta, URLs, `active`), the page only
to ask whether it is one of the items, `config`, `features` and `lang` (the same for a
whole language pass: one Jinja environment each), and URLs through the `url` filter. For
a page that is none of the items while no item is active, the output is therefore a
function of the URLs the filter gives for that page - every item's, the homepage's, the
logo's - and that tuple is the key (`nav_key`). Any other page is rendered as stock.

Installed per Jinja environment from the hook's `on_env` (`remember_nav`), on the
versions it was checked against (speedups.PATCHED_VERSIONS).
"""

from mkdocs.utils.templates import url_filter

MEMOIZED_TEMPLATES = ("partials/nav.html", "partials/tabs.html")


def _items(items):
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or ())


def nav_key(context) -> tuple | None:
    """The key of the navigation's HTML for this page, or None where it may differ otherwise."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None:
        return None
    items = list(_items(nav.items))
    if any(item is page or getattr(item, "active", False) for item in items):
        return None
    config = context.get("config")
    urls = [item.url for item in items if getattr(item, "url", None) is not None]
    if nav.homepage is not None:
        urls.append(nav.homepage.url)
    for extra in (config.extra.get("homepage") if config else None, config.theme.get("logo") if config else None):
        if extra:
            urls.append(extra)
    return (id(nav), *(url_filter(context, url) for url in urls))


def memoized(render, key_of=nav_key):
    """A template's root render function that renders once per key."""
    rendered: dict[tuple, str] = {}

    def root_render_func(context):
        key = key_of(context)
        if key is None:
            yield from render(context)
            return
        if key not in rendered:
            rendered[key] = "".join(render(context))
        yield rendered[key]

    return root_render_func


def remember_nav(env):
    """Make `env`'s navigation and tabs partials render once per key (a new memory each
    environment: each language pass and each `mkdocs serve` rebuild has its own)."""
    import jinja2

    for name in MEMOIZED_TEMPLATES:
        try:
            template = env.get_template(name)
        except jinja2.TemplateNotFound:
            continue
        template.root_render_func = memoized(template.root_render_func)
    return env
