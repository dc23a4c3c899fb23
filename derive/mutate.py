"""``python -m derive.mutate``, the mutation run's first name; it lives in ``derive.mutation``."""
import sys

from .mutation.run import main

if __name__ == "__main__":  # pragma: no cover - run as a program
    sys.exit(main())
