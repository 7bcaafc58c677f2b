"""Fixes to HTML that Material 9.8 writes invalid, applied to every page after rendering.

Each fix names the defect; keep them exact (a string or a tight pattern), so that they
cannot hide anything else from the Nu validator.
"""

# Material's partials/nav-item.html sets `tabindex = "0" if not is_section` and prints
# `tabindex="{{ tabindex }}"`, so section labels get tabindex="" - not a valid integer.
# An absent tabindex is what Material means there.
EMPTY_TABINDEX_ON_LABEL = ' tabindex="">'


def fix_material_html(html: str) -> str:
    return html.replace(EMPTY_TABINDEX_ON_LABEL, ">")
