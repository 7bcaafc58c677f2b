"""The IP helpdesk resource library: content model, validation and derived views.

Plain Python that knows nothing of MkDocs. The MkDocs glue lives in `hooks/` and the
`iplibrary_mkdocs` package beside this one.
"""
