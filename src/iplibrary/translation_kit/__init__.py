"""The translation kit: resources out to XLIFF or PO for CAT tools, and back in as
`name.<lang>.md` translations (issue 18).

Rooms: `inline` (markup <-> protected placeholders), `segments` (a markdown file <->
translation units), `kit_files` (XLIFF 1.2 and PO through translate-toolkit), `history`
(the English an outdated translation was made from: memory, then git), `exporter`,
`importer`, `changes` (what changed in the English since a translation, for editors).
Commands live in `scripts/translate`; nothing here prints or exits.
"""
