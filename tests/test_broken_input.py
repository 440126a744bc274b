"""Bad input through the real MkDocs build: non-zero exit and a message with file:line:fix."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import PY, ROOT

ALEMTUZUMAB = "docs/data/treatments/alemtuzumab.yaml"


def test_each_kind_of_bad_input_fails_the_strict_build_with_its_own_message(project_copy):
    site = project_copy
    site.edit("docs/induction.md", "@edan2013", "@edan2031")
    site.edit(ALEMTUZUMAB, "{effect: headache,", "{effect: headake,")
    site.edit(ALEMTUZUMAB, "{effect: rash, frequency: very-common",
              "{effect: rash, frequency: often")
    site.edit(ALEMTUZUMAB, "    urgency: urgent\n", "    urgency: now\n")
    site.edit(ALEMTUZUMAB, "cite: cohen2012}", "cite: cohen2021}")
    site.edit("docs/about.md", "reviewer: MS Treatment Paths editorial team\n", "")
    site.edit("docs/glossary.md", "next_review: 2027-11-25", "next_review: 2031-01-01")
    site.edit("docs/data/bibliography.yaml", 'DOI: "10.1001/jama.2018.18743"', 'DOI: "jama-x"')
    run = site.build()
    out = run.stdout + run.stderr
    assert run.returncode == 1
    expected = [
        "unknown citation key '@edan2031'. Did you mean 'edan2013'?",
        "docs/induction.md:",
        f"{ALEMTUZUMAB}:28: unknown effect 'headake'. Did you mean 'headache'?",
        f"{ALEMTUZUMAB}:27: unknown frequency word 'often'. Fix: use one of: very-common, "
        "common, uncommon, rare, very-rare, not-known (defined in docs/data/side-effects.yaml)",
        "unknown urgency 'now'. Fix: use one of: emergency, urgent, soon",
        "unknown source key 'cohen2021'. Did you mean 'cohen2012'?",
        "docs/about.md:1: the front matter has no `reviewer`. Fix: add who reviewed the page",
        "docs/glossary.md:6: `next_review` (2031-01-01) is more than 3 years after `reviewed`",
        "entry 'burt2019' has a malformed DOI 'jama-x'",
        "Aborted with",
    ]
    for text in expected:
        assert text in out, f"missing {text!r} in:\n{out}"
    # One misspelt effect is one problem: other treatments still name "headache".
    assert "effect 'headache' is in the vocabulary but no treatment names it." not in out


def test_unparseable_bibliography_and_uncited_entry(project_copy):
    site = project_copy
    bib = (site.root / "docs/data/bibliography.yaml").read_text()
    site.write("docs/data/bibliography.yaml",
               bib + "\n- id: spare2020\n  type: webpage\n  title: Spare\n  publisher: X\n"
                     "  URL: https://example.org/spare\n")
    run = site.build()
    assert run.returncode == 1
    assert "entry 'spare2020' is never cited. Fix: cite it where the site relies on it" in \
        run.stderr
    site.write("docs/data/bibliography.yaml", bib.replace("- id: edan2013", "- id: [edan2013"))
    run = site.build()
    assert run.returncode == 1
    assert "docs/data/bibliography.yaml:" in run.stderr and "does not parse" in run.stderr


def test_medical_page_without_a_citation_fails(project_copy):
    site = project_copy
    text = (site.root / "docs/understanding-ms.md").read_text()
    import re
    site.write("docs/understanding-ms.md", re.sub(r" ?\[@[^\]]+\]", "", text))
    run = site.build()
    assert run.returncode == 1
    assert "docs/understanding-ms.md:" in run.stderr
    assert "this medical page cites no source. Fix: add citations like [@key]" in run.stderr


def test_overdue_review_fails_and_the_override_is_logged(project_copy):
    site = project_copy
    site.edit("docs/index.md", "reviewed: 2026-11-25", "reviewed: 2024-01-01")
    site.edit("docs/index.md", "next_review: 2027-11-25", "next_review: 2025-01-01")
    run = site.build()
    assert run.returncode == 1
    assert "docs/index.md:6: this page's review was due on 2025-01-01 and is overdue." in run.stderr
    run = site.build(env={"MSTP_ALLOW_OVERDUE_REVIEW": "1"})
    assert run.returncode == 0, run.stderr
    assert "MSTP_ALLOW_OVERDUE_REVIEW=1: overdue reviews are allowed for this build only" in \
        run.stderr


def test_reading_level_above_the_limit_fails(project_copy):
    site = project_copy
    site.edit("docs/about.md", "## Where do the facts come from?",
              "Notwithstanding considerable methodological heterogeneity, contemporaneous "
              "investigations substantiate individualised immunotherapeutic optimisation "
              "considerations.\n\n## Where do the facts come from?")
    site.edit("mkdocs.yml", "max_grade: 8", "max_grade: 4")
    run = site.build()
    assert run.returncode == 1
    assert "docs/about.md:1: reading level is grade" in run.stderr
    assert "above the limit of 4. Fix: use shorter sentences" in run.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_shows_the_same_messages_and_keeps_serving(project_copy):
    project_copy.edit("docs/induction.md", "@edan2013", "@edan2031")
    port = _free_port()
    server = subprocess.Popen(
        [PY, "-m", "mkdocs", "serve", "--no-strict", "-a", f"127.0.0.1:{port}"],
        cwd=project_copy.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, status = time.time() + 60, None
        while time.time() < deadline and status is None:
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status
            except OSError:
                time.sleep(0.5)
        assert status == 200
        assert server.poll() is None
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "unknown citation key '@edan2031'. Did you mean 'edan2013'?" in output


def test_failed_build_leaves_the_last_good_site_in_place(project_copy, tmp_path):
    import shutil
    shutil.copytree(ROOT / "scripts", project_copy.root / "scripts")
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("last good")
    project_copy.edit("docs/induction.md", "@edan2013", "@nope")
    run = subprocess.run([sys.executable, "-m", "hooks.editions.build", "--out", str(out),
                          "--no-pdf"], cwd=project_copy.root, capture_output=True, text=True)
    assert run.returncode == 1
    assert "BUILD FAILED" in run.stderr
    assert (out / "site" / "index.html").read_text() == "last good"
    assert not (out / "dist").exists()
    assert [p.name for p in out.iterdir()] == ["site"]


def test_treatment_rules_fail_the_build_with_their_own_messages(project_copy):
    """A treatment without a page, a page naming an unknown treatment, a brand under two
    treatments, a treatment in no group of the table, a warning sign without an action."""
    site = project_copy
    site.write("docs/treatments/ahsct.md", (ROOT / "docs/treatments/ahsct.md").read_text()
               .replace("```treatment\nahsct\n```\n", "Nothing here yet.\n"))
    site.edit("docs/escalation.md", "[interferon-beta, glatiramer-acetate,",
              "[interferon-beta, glatiramer-acetat,")
    site.edit("docs/data/treatments/natalizumab.yaml", "uk_eu: [Tysabri, Tyruko]",
              "uk_eu: [Tysabri, Tyruko, Lemtrada]")
    site.edit("docs/data/side-effects.yaml", ", cyclophosphamide, ahsct]", ", cyclophosphamide]")
    site.edit("docs/data/treatments/cladribine.yaml", "    action:", "    what_to_do:")
    run = site.build()
    out = run.stdout + run.stderr
    assert run.returncode == 1
    expected = [
        "docs/data/treatments/ahsct.yaml:3: treatment 'ahsct' has no page. Fix: create "
        "docs/treatments/ahsct.md with a ```treatment block holding `ahsct`",
        "docs/escalation.md:60: unknown treatment 'glatiramer-acetat'. Did you mean "
        "'glatiramer-acetate'?",
        "the name 'Lemtrada' is also a name of 'alemtuzumab'",
        "treatment 'ahsct' is in no group, so it is not in the side-effects table",
        "docs/data/treatments/cladribine.yaml:",
        "has no `action`. Fix: add what to do",
        "unknown field `what_to_do`",
        "Aborted with",
    ]
    for text in expected:
        assert text in out, f"missing {text!r} in:\n{out}"
