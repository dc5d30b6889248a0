"""``python -m mockserver`` does what the ``genesys-mock`` command does."""

from mockserver.cli import main

raise SystemExit(main())
