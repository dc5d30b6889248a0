"""The contract of the emulated Genesys Cloud API: models, operations table and the OpenAPI document.

Mock, reference client and tests all import from here; it is the one source of truth.
"""
