"""One module per ``genesys-mock`` subcommand, each exposing ``register(sub)`` (see ``mockserver.cli``)."""
