"""``python -m derive.mutation``: mutate every catalog step and report what was not refuted."""
import sys

from .run import main

sys.exit(main())
