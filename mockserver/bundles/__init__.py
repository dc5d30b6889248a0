"""Bug-report bundles: one failing exchange (or the last N) as a self-contained folder or zip, and its replay."""
