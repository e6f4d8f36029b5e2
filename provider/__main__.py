"""The a2i-moderation plugin: serves every component to TypeScript, Go, C#, Java and YAML programs.

Pulumi runs `python provider <engine address> ...` (see PulumiPlugin.yaml). The package schema it
serves is inferred from the components' annotations; schema.json beside this file is a copy of it,
written by tools/generate_schema.py.
"""

import sys

from a2i_moderation.resources.provider import main

if __name__ == "__main__":
    main(sys.argv[1:])
