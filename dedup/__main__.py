"""``python -m dedup``: the ``dedup`` command (see :mod:`dedup.cli`)."""

from .cli import main

raise SystemExit(main())
