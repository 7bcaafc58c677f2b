from iplibrary_mkdocs.html_fixes import fix_material_html


def test_empty_tabindex_on_material_section_labels_is_removed():
    html = '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">Library</label>'
    assert fix_material_html(html) == '<label class="md-nav__link" for="__nav_2" id="__nav_2_label">Library</label>'


def test_other_tabindex_values_are_left_alone():
    html = '<label class="md-nav__link" for="__nav_3" tabindex="0">About</label><div tabindex="">x</div>'
    assert fix_material_html(html) == '<label class="md-nav__link" for="__nav_3" tabindex="0">About</label><div>x</div>'
