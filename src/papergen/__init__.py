"""papergen: Swedish committee papers from YAML and Markdown sources.

The library surface is papergen.api; papergen.cli is a thin click front end.
"""

# The one place the version is written; pyproject.toml reads it from here. A literal, not
# importlib.metadata.version(): that import alone cost ~25 ms of every run.
__version__ = "0.1.0"
