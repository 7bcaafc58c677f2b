"""The downloads: print documents, PDFs, handbooks and zip bundles, and the downloads page.

- `downloads` builds them all from the validated model and lists them (the page, the link
  on a resource page); `bundles` packs the zips.
- `print_document` turns a resource or a book's part into print HTML (`print_template/`);
  `pdf` renders print HTML to PDF through a content-addressed cache; `print_fonts` names
  the two font families every PDF is set in, `pdf_fonts` checks a PDF embeds only them.
- `book_pdf` plans a handbook's parts, `pdf_assembly` puts them together and
  `pdf_font_union` merges the parts' font subsets.

Plain Python, no MkDocs. Nothing here imports the package itself: import the modules.
"""
