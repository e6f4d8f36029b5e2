"""Write the README's settings table from the declarations in a2i_moderation.settings.

.venv/bin/python tools/update_readme.py          # rewrite README.md in place
.venv/bin/python tools/update_readme.py --check  # exit 1 when README.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from a2i_moderation.settings.reference import replace_settings_table

README = Path(__file__).resolve().parents[1] / "README.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that README.md is up to date")
    options = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    wanted = replace_settings_table(current)
    if options.check:
        if current != wanted:
            print("README.md's settings table is out of date: run tools/update_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
