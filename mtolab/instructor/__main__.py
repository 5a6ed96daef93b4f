"""``python -m mtolab.instructor``."""

import sys

from .cli import main

sys.exit(main())
