"""HTML and Markdown made from the model; every piece of data is escaped on the way."""
