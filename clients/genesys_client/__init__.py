"""The reference client: the correct way to call the emulated endpoints, against the mock or a real org.

Not written yet (issue 5); the package exists so the distribution's layout is stable.
"""
