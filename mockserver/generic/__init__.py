"""Generic emulation of every vendor operation that has no hand-written ("deep") route.

Layout: ``contracts/generic.py`` builds the generic rows of the operations table; :mod:`.resources` classifies each
row's shape from its path; :mod:`.validation` builds request models from the vendor's models on first use;
:mod:`.state` is the only module touching the backend for generic resources; :mod:`.render` shapes answers
against the vendor's response models; :mod:`.routes` binds one view per row to :mod:`.blueprint`.
"""
