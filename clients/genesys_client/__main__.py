"""``python -m clients.genesys_client`` does what the ``genesys-client`` console script does."""

import sys

from clients.genesys_client.cli import main

sys.exit(main())
