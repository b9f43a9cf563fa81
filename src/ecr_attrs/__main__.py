"""``python -m ecr_attrs``: see ``ecr_attrs.cli``."""

import sys

from ecr_attrs.cli import main

sys.exit(main())
