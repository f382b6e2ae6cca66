"""papergen: Swedish committee papers from YAML and Markdown sources.

The library surface is papergen.api; papergen.cli is a thin click front end.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("papergen")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"
