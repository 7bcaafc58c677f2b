"""MkDocs glue beside `hooks/library.py`: code that knows MkDocs, Material or
mkdocs-static-i18n, kept out of the plain `iplibrary` package.

- `speedups` patches costs of stock MkDocs, Material and i18n, output unchanged;
- `html_fixes` repairs HTML that Material writes invalid.

The hook imports these; `iplibrary` never does (tests/test_imports.py checks both ways).
"""
