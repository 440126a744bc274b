"""Entry point: `python scripts/bench` (what `make bench` runs)."""

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(SCRIPTS))
# The pure modules in hooks/ (e.g. site_config, to read mkdocs.yml).
sys.path.insert(0, str(SCRIPTS.parent / "hooks"))

from bench.cli import main  # noqa: E402 - needs the paths above

sys.exit(main())
