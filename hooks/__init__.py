"""MS Treatment Paths: one source, one model of it, three editions.

    model/     read and parse the source once: pages, blocks, data files
    checks/    each rule over the model -> problems (file, line, message, fix)
    render/    HTML and Markdown made from the model, escaped by construction
    editions/  the website, the offline zip and the printed editions (PDFs)
    hosting/   nginx, the Content-Security-Policy, headers, deploy
    site_hook.py   the MkDocs event handlers, in order; they own the build's state

Installed as a package (pyproject.toml), so scripts, tests and the bench import it by name.
"""
