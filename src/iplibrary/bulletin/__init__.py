"""The Partner E-bulletin: a month's draft, written outside the site.

- `inputs` reads and checks the editors' two data files (`bulletin/events.yml`, the
  month's `intro.md`);
- `compose` selects what the month's bulletin holds (a `Bulletin`), from the model;
- `render` turns a `Bulletin` into e-mail-safe HTML, plain text and markdown;
- `drafts` writes the three drafts to `bulletins/<YYYY-MM>/`.

The command (`scripts/bulletin`) is `iplibrary.commands.bulletin`. Plain Python, no MkDocs.
"""
