"""The commands: argument parsing, printing and exit codes, above the library.

- `cli`: `python -m iplibrary.commands.cli check | build | translations | review-due`
  (the make targets);
- `urls`: `scripts/urls update | check`; `bulletin`: `scripts/bulletin`; `new`:
  `scripts/new`.

These import `iplibrary`; nothing in `iplibrary` imports them (tests/test_imports.py).
"""
