"""A run owns its memo: checking and building leave nothing behind in papergen's modules.

What several meetings of a run work out alike (earlier meetings' files, hunspell's
verdicts, prepared Word templates) is kept in papergen.model.memo.RunMemo, which the run
passes down; nothing is remembered in a module global, so two runs in one process
(tests, a server) cannot see each other's sources.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from papergen import api
from papergen.model.memo import RunMemo

REPO = Path(__file__).resolve().parents[1]
FIRST, SECOND = REPO / "content" / "meeting-2020-02-14", REPO / "content" / "meeting-2020-03-20"

# Memos of pure functions of their arguments (values, never a file read or the environment): they
# cannot go stale and are bounded, so they may stay process-wide.
PURE = {
    "papergen.render.docx.wordml.typografi",  # str -> str, lru_cache(8192)
    "papergen.model.protokoll._helgdagar",  # year -> the Swedish public holidays
    "papergen.render.templates.template_label",  # (path, root) -> a label, no file read
    "papergen.build.a11y._STYLES_VERDICTS",  # a styles.xml's CRC and sizes -> whether it is Swedish
}
# Read once a process, on purpose: what papergen itself is (its code, its dependencies), the folder
# Jinja's bytecode cache lives in, the docxtpl module. Each is the same for every run of the process.
PROCESS = {
    "papergen.render.fingerprint.papergen_fingerprint",
    "papergen.render.templates.bytecode_cache",
    "papergen.render.docx.template._docxtpl",
}


def _allowed() -> list[object]:
    found = []
    for where in PURE | PROCESS:
        module, _, attr = where.rpartition(".")
        found.append(getattr(sys.modules[module], attr))
    return found


def _memos() -> dict[str, int]:
    """Every module-level container and functools cache in papergen (under whichever name a module
    imported it), with how much it holds; the allowed ones left out."""
    allowed = _allowed()
    sizes: dict[str, int] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("papergen"):
            continue
        for attr, value in vars(module).items():
            if any(value is a for a in allowed):
                continue
            if isinstance(value, (dict, list, set)):
                sizes[f"{name}.{attr}"] = len(value)
            elif isinstance(value, Callable) and hasattr(value, "cache_info"):  # type: ignore[arg-type]
                sizes[f"{name}.{attr}"] = value.cache_info().currsize
    return sizes


def test_checking_and_building_leave_nothing_behind_in_the_modules(tmp_path: Path) -> None:
    api.build(REPO, FIRST, out_root=tmp_path / "a", formats=("docx", "md", "html"))  # every module imported
    api.check(REPO, SECOND)
    before = _memos()
    # Another project (so other paths and texts): a memo kept in a module would grow.
    other = tmp_path / "other"
    shutil.copytree(REPO / "content", other / "content")
    shutil.copytree(REPO / "templates", other / "templates")
    api.build(other, other / "content" / SECOND.name, out_root=tmp_path / "b", formats=("docx", "md", "html"))
    api.check_meetings([(other, other / "content" / FIRST.name), (other, other / "content" / SECOND.name)])
    after = _memos()
    grew = {k: (before.get(k, 0), n) for k, n in after.items() if n > before.get(k, 0)}
    assert grew == {}


def test_a_run_shares_its_memo_across_its_meetings_and_with_no_other_run() -> None:
    memo = RunMemo()
    api.check(REPO, SECOND, memo=memo)  # its § numbers run on from the earlier meeting's protokoll
    assert memo.peeked, "the earlier meeting's files are parsed into the run's memo"
    seen = dict(memo.peeked)
    api.check(REPO, SECOND, memo=memo)
    assert memo.peeked == seen  # parsed once a run
    other = RunMemo()
    api.check(REPO, SECOND, memo=other)
    assert other.peeked == seen and all(other.peeked[k] is not seen[k] for k in seen)


def test_a_build_in_a_run_keeps_its_word_environment_and_prepared_templates(tmp_path: Path) -> None:
    memo = RunMemo()
    one = api.build(REPO, FIRST, out_root=tmp_path / "one", formats=("docx",), memo=memo)
    environment, prepared = memo.word_environment, dict(memo.word_templates)
    assert environment is not None and prepared
    two = api.build(REPO, FIRST, out_root=tmp_path / "two", formats=("docx",), memo=memo)
    assert memo.word_environment is environment and dict(memo.word_templates) == prepared
    alone = api.build(REPO, FIRST, out_root=tmp_path / "alone", formats=("docx",))
    files = [sorted(p.read_bytes() for p in (tmp_path / d / FIRST.name).glob("*.docx")) for d in ("one", "two", "alone")]
    assert files[0] == files[1] == files[2] and not (one.blocked or two.blocked or alone.blocked)
