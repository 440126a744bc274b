"""The source as data: every page and data file read and parsed once per build."""
