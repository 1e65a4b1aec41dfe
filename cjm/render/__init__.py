"""`cjm render`: the view model (build), the formats over it (html, dot and images, mermaid,
markdown), where outputs go (plan), and the pipeline (run).

Kept import-light: the command line reads the format names without loading the renderers.
"""
