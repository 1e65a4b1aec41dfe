"""`cjm score`: the pipeline (`run`) over the scoring model (cjm.scoring) and the output formats.

Kept import-light: the command line reads the format names without loading the engine.
"""
