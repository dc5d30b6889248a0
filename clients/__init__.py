"""Reference clients for the emulated API; ``clients.genesys_client`` is the httpx-based one (issue 5)."""
