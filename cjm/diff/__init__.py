"""`cjm diff`: the sides (files, '-', git), the semantic comparison, the --fail-on gates and the formats.

Kept import-light: the command line reads the format names without loading the engine.
"""
