"""Write provider/schema.json, the package schema the plugin serves, from the components' annotations.

.venv/bin/python tools/generate_schema.py          # rewrite provider/schema.json
.venv/bin/python tools/generate_schema.py --check  # exit 1 when provider/schema.json is out of date

Pulumi's own analyzer infers the schema (pulumi.provider.experimental): no Pulumi CLI needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from a2i_moderation.resources.provider import ModerationProvider

SCHEMA = Path(__file__).resolve().parents[1] / "provider" / "schema.json"


def package_schema() -> str:
    """The schema as committed: the plugin's, indented, with a final newline."""
    return json.dumps(json.loads(ModerationProvider().schema or "{}"), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that provider/schema.json is up to date")
    options = parser.parse_args()
    wanted = package_schema()
    if options.check:
        if not SCHEMA.is_file() or SCHEMA.read_text(encoding="utf-8") != wanted:
            print("provider/schema.json is out of date: run tools/generate_schema.py", file=sys.stderr)
            return 1
        return 0
    SCHEMA.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
