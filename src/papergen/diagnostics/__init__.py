"""Diagnostics: the core types (core), their output formats (formats), accepted exceptions (accept).

The core types are re-exported here: `from papergen.diagnostics import Diagnostic`.
"""

from papergen.diagnostics.core import (
    CODES,
    Collector,
    Diagnostic,
    Severity,
    SourceLines,
    Span,
    did_you_mean,
    format_diagnostic,
    summary_line,
)

__all__ = ["CODES", "Collector", "Diagnostic", "Severity", "SourceLines", "Span", "did_you_mean",
           "format_diagnostic", "summary_line"]
