"""``python -m derive.cli``: the command line (as ``python -m derive`` and ``derive``)."""
import sys

from . import main

sys.exit(main())
