"""Building many meetings: `papergen build --all`, in parallel processes when asked.

Owns only the fan-out. Each meeting is an independent pipeline.build (it reads
earlier meetings' sources, never their outputs), so meetings can be built in
any order; the render cache is shared through the file system.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papergen.build import parallel as forked
from papergen.build import pipeline, uptodate
from papergen.build.cache import prune
from papergen.model.memo import RunMemo
from papergen.render.pdf import render_formats
from papergen.render.plan import FORMATS


def build_all(root: Path, folders: list[Path], *, jobs: int = 1, out_root: Path | None = None,
              formats: tuple[str, ...] = FORMATS, strict: bool = False, use_cache: bool = True,
              on_done: Callable[[pipeline.BuildReport], None] | None = None) -> list[pipeline.BuildReport]:
    """Build every folder; `on_done` sees each report as its meeting finishes (progress)."""
    options = {"out_root": out_root, "formats": formats, "strict": strict, "use_cache": use_cache}
    memo = RunMemo()  # this process's run; each worker process of the pool is a run of its own
    reports: list[pipeline.BuildReport] = []

    def done(report: pipeline.BuildReport) -> None:
        reports.append(report)
        if on_done is not None:
            on_done(report)

    if use_cache and jobs > 1:
        # The meetings nothing has changed since their last build are settled here, in a few ms each;
        # worker processes are started only for the rest (often the one meeting just edited).
        pending = []
        for folder in folders:
            known = pipeline.up_to_date(root, folder, out_root=out_root, formats=formats, strict=strict, memo=memo)
            if known is None:
                pending.append(folder)
            else:
                done(known)
        folders = pending
    if jobs <= 1 or len(folders) <= 1:
        for folder in folders:
            # One meeting left: its papers can still use the processes (two halves, pipeline.build).
            done(pipeline.build(root, folder, **options, jobs=jobs if len(folders) == 1 else 1, memo=memo))
    else:
        for report in forked.each(functools.partial(_build, root, options), folders, jobs, RunMemo):
            done(report)
    return sorted(reports, key=lambda r: r.meetings)


def _build(root: Path, options: dict[str, Any], memo: RunMemo, folder: Path) -> pipeline.BuildReport:
    """One meeting in a pool worker, with the worker's run."""
    return pipeline.build(root, folder, **options, memo=memo)


@dataclass(frozen=True)
class Totals:
    """What `build --all` did, over every meeting."""

    rendered: int  # outputs rendered this time
    reused: int  # outputs taken from the render cache or an up-to-date meeting
    found: int  # findings, all meetings together
    failed: list[str]  # meetings that were not written
    pruned: int  # cache entries no paper uses any more, removed


def totals(reports: list[pipeline.BuildReport], pruned: int = 0) -> Totals:
    return Totals(sum(len(r.rendered) for r in reports), sum(r.reused for r in reports),
                  sum(len(r.diagnostics) for r in reports), [r.meetings[0] for r in reports if r.exit_code()], pruned)


def prune_cache(root: Path, reports: list[pipeline.BuildReport], *, since: float, out_root: Path | None = None,
                formats: tuple[str, ...] = FORMATS) -> int:
    """After a run over every meeting: drop the cache entries of these formats it did not use.

    Nothing is pruned when a meeting was not built (blocked by an error): its
    papers were not visited, so their entries would be lost for nothing.
    """
    if not reports or any(r.blocked for r in reports):
        return 0
    cached = (*render_formats(formats), *(("pdf",) if "pdf" in formats else ()),
              *(("a11y",) if {"docx", "html"} & set(render_formats(formats)) else ()),
              *((uptodate.entry_format(formats),) if uptodate.applies(formats) else ()))
    return prune(pipeline.cache_folder(root, out_root), cached, since)
