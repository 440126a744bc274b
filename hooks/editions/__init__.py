"""The three products of one source: the website, the offline bundle and the PDFs."""
