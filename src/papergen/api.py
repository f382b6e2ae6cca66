"""papergen's public library API: check, build and publish meetings, and their reports.

What the CLI, `papergen serve` and library users call; everything else is papergen's own.
The pipeline behind it (read, validate, plan, render, write) is papergen.build.pipeline, the
same for build, `build --all` and publish. Content problems come back in a report; a raised
exception is a papergen bug.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from papergen.build.pipeline import (
    BuildReport,
    CheckReport,
    Report,
    build,
    cache_folder,
    check,
    check_meetings,
    findings,
    load,
    merged,
    up_to_date,
)
from papergen.model.load import meeting_dirs
from papergen.project import NoProject, find_project, meeting_folder, project_root
from papergen.render.plan import FORMATS, OUTPUT_FORMATS, PUBLISH_FORMATS

if TYPE_CHECKING:
    from papergen.build.batch import Totals

__all__ = ["FORMATS", "OUTPUT_FORMATS", "PUBLISH_FORMATS", "BuildReport", "CheckReport", "NoProject", "Report",
           "build", "build_all", "cache_folder", "check", "check_meetings", "find_project", "findings", "load",
           "meeting_dirs", "meeting_folder", "merged", "project_root", "prune_cache", "publish", "totals",
           "up_to_date"]


def build_all(root: Path, folders: list[Path], *, jobs: int = 1, out_root: Path | None = None,
              formats: tuple[str, ...] | None = None, strict: bool = False, use_cache: bool = True,
              on_done: Callable[[BuildReport], None] | None = None) -> list[BuildReport]:
    """`build` of every meeting folder, `jobs` meetings side by side (papergen.build.batch); `on_done` sees
    each report as its meeting finishes."""
    from papergen.build.batch import build_all as _build_all
    from papergen.render.plan import FORMATS

    return _build_all(root, folders, jobs=jobs, out_root=out_root, formats=formats or FORMATS, strict=strict,
                      use_cache=use_cache, on_done=on_done)


def publish(root: Path, folder: Path, *, out_root: Path | None = None, formats: tuple[str, ...] | None = None,
            strict: bool = False) -> BuildReport:
    """The meeting's public set (publik/) and internal set (intern/), written side by side (papergen.publish)."""
    from papergen.publish import publish as _publish

    return _publish(root, folder, out_root=out_root, formats=formats or PUBLISH_FORMATS, strict=strict)


def prune_cache(root: Path, reports: list[BuildReport], *, since: float, out_root: Path | None = None,
                formats: tuple[str, ...] = FORMATS) -> int:
    """After `build_all` over every meeting: drop the render cache entries it did not use (their count)."""
    from papergen.build.batch import prune_cache as _prune_cache

    return _prune_cache(root, reports, since=since, out_root=out_root, formats=formats)


def totals(reports: list[BuildReport], pruned: int = 0) -> Totals:
    """`build_all`'s reports summed: rendered, reused, findings, the meetings that failed."""
    from papergen.build.batch import totals as _totals

    return _totals(reports, pruned)
