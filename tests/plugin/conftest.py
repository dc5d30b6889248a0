"""pytester runs test files in-process with the plugin loaded through its entry point, as a user's run would."""

pytest_plugins = ["pytester"]
