"""`cjm import`: a workshop spreadsheet (xlsx, CSV) or a Mermaid journey in, a journey file out.

(The package is not called `import`, which is a Python keyword.)
"""
