"""`cjm lint`: the pipeline (`run`), the engine that applies the rules, and the output formats.

Kept import-light: the command line reads the format names without loading the engine.
"""
