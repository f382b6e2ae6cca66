"""Reviewing a change as rendered papers: build two git revisions and diff their canonical Markdown.

Owns `papergen diff`: which meetings a change touches, building each revision
in a temporary git worktree (always removed afterwards), and the unified,
word-level and side-by-side HTML diffs per document. The working tree is used
as it stands when no HEAD revision is given, uncommitted changes included.
"""

from __future__ import annotations

import difflib
import html
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from papergen.build import pipeline
from papergen.diagnostics import Collector
from papergen.model.load import meeting_dirs
from papergen.model.protokoll import avviker, paragrafer
from papergen.render.context_protokoll import paragraf_ctx
from papergen.review.gitrev import GitError, git, resolve, toplevel, worktree
from papergen.review.worddiff import att_sats_skillnad, inline_word_diff, word_changes

MAIN_BRANCHES = ("main", "origin/main", "master", "origin/master")
RENAME_SIMILARITY = 0.6  # an added and a removed paper this alike are one paper renamed


class ReviewError(GitError):
    """A user mistake (not a git repository, unknown revision): a Swedish message, exit 2."""


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    meeting: str
    status: str  # "ändrat" | "tillagt" | "borttaget" | "bytt namn"
    old: str | None  # document file name in BASE, e.g. "pm-01.md"
    new: str | None
    old_text: str
    new_text: str

    @property
    def label(self) -> str:
        if self.status == "bytt namn":
            return f"{self.meeting}/{self.old} -> {self.new}"
        return f"{self.meeting}/{self.new or self.old}"


@dataclass
class Review:
    base: str
    head: str  # a commit id, or "arbetskopian" for the working tree
    meetings: list[str] = field(default_factory=list)
    documents: list[DocumentDiff] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # meetings that did not build, in Swedish


# --- git -------------------------------------------------------------------


def default_base(root: Path) -> str:
    """The merge base of HEAD with the main branch, as `git diff main...` would take it."""
    for branch in MAIN_BRANCHES:
        try:
            return git(root, "merge-base", "HEAD", branch).strip()
        except GitError:
            continue
    raise ReviewError("hittar ingen huvudgren (main eller master) att jämföra med; ange BASE")


def changed_files(root: Path, base: str, head: str | None) -> list[str]:
    """Changed paths relative to the git top level; with no head, the working tree incl. untracked files."""
    if head is None:
        files = git(root, "diff", "--name-only", base).splitlines()
        files += git(root, "ls-files", "--others", "--exclude-standard", "--full-name").splitlines()
    else:
        files = git(root, "diff", "--name-only", base, head).splitlines()
    return sorted(set(files))


def touched_meetings(changed: list[str], prefix: str, all_meetings: set[str]) -> list[str]:
    """Meetings whose papers may change: their own folder, or the organisation or templates (all)."""
    pre = f"{prefix}/" if prefix else ""
    touched: set[str] = set()
    for path in changed:
        if not path.startswith(pre):
            continue
        rel = path[len(pre):]
        parts = rel.split("/")
        if rel in ("content/organisation.yaml", "papergen.yaml") or parts[0] == "templates":
            return sorted(all_meetings)
        if parts[0] == "content" and len(parts) > 2:
            touched.add(parts[1])
    return sorted(touched)


# --- building --------------------------------------------------------------


def _render(project: Path, meetings: list[str], out_root: Path, problems: list[str],
            side: str) -> dict[str, dict[str, str]]:
    """meeting -> {document file name: canonical Markdown} for the meetings present in `project`."""
    rendered: dict[str, dict[str, str]] = {}
    for meeting in meetings:
        folder = project / "content" / meeting
        if not (folder / "meeting.yaml").is_file():
            continue  # the meeting does not exist on this side: all its papers are added or removed
        report = pipeline.build(project, folder, out_root=out_root, formats=("md",))
        if report.blocked:
            problems.append(f"{meeting} ({side}) kunde inte byggas: {report.errors} fel; kör papergen check")
            continue
        rendered[meeting] = {p.name: p.read_text(encoding="utf-8") for p in report.written}
    return rendered


def _compare(meeting: str, old: dict[str, str], new: dict[str, str]) -> list[DocumentDiff]:
    diffs = [DocumentDiff(meeting, "ändrat", name, name, old[name], new[name])
             for name in sorted(old.keys() & new.keys()) if old[name] != new[name]]
    removed = sorted(old.keys() - new.keys())
    added = sorted(new.keys() - old.keys())
    for name in list(removed):
        # Renumbering an ärende renames its papers; pair it with the most similar added one.
        scored = [(difflib.SequenceMatcher(None, old[name], new[a], autojunk=False).ratio(), a) for a in added]
        best = max(scored, default=(0.0, ""))
        if best[0] >= RENAME_SIMILARITY:
            diffs.append(DocumentDiff(meeting, "bytt namn", name, best[1], old[name], new[best[1]]))
            removed.remove(name)
            added.remove(best[1])
    diffs += [DocumentDiff(meeting, "borttaget", name, None, old[name], "") for name in removed]
    diffs += [DocumentDiff(meeting, "tillagt", None, name, "", new[name]) for name in added]
    return sorted(diffs, key=lambda d: (d.meeting, d.new or d.old or ""))


def review(root: Path, base: str | None = None, head: str | None = None) -> Review:
    """Build the touched meetings of BASE and HEAD (None: the working tree) and compare their papers."""
    root = root.resolve()
    top = toplevel(root)
    prefix = root.relative_to(top.resolve()).as_posix() if root != top.resolve() else ""
    base_id = resolve(root, base) if base is not None else default_base(root)
    head_id = resolve(root, head) if head is not None else None
    result = Review(base_id, head_id or "arbetskopian")
    with tempfile.TemporaryDirectory(prefix="papergen-diff-") as tmp_dir:
        tmp = Path(tmp_dir)
        with worktree(top, base_id) as base_tree:
            base_project = base_tree / prefix if prefix else base_tree
            known = {p.name for p in meeting_dirs(base_project)}
            head_ctx = worktree(top, head_id) if head_id else _same(root)
            with head_ctx as head_tree:
                head_project = head_tree / prefix if prefix and head_id else head_tree
                known |= {p.name for p in meeting_dirs(head_project)}
                result.meetings = touched_meetings(changed_files(root, base_id, head_id), prefix, known)
                old = _render(base_project, result.meetings, tmp / "base", result.problems, "BASE")
                new = _render(head_project, result.meetings, tmp / "head", result.problems, "HEAD")
    for meeting in result.meetings:
        result.documents += _compare(meeting, old.get(meeting, {}), new.get(meeting, {}))
    return result


@contextmanager
def _same(path: Path) -> Iterator[Path]:
    yield path


# --- presenting ------------------------------------------------------------

def unified(doc: DocumentDiff, context: int = 3) -> str:
    lines = difflib.unified_diff(doc.old_text.splitlines(), doc.new_text.splitlines(),
                                 f"a/{doc.meeting}/{doc.old}" if doc.old else "/dev/null",
                                 f"b/{doc.meeting}/{doc.new}" if doc.new else "/dev/null",
                                 lineterm="", n=context)
    return "\n".join(lines)


def word_level(doc: DocumentDiff, context: int = 3) -> str:
    """Hunks whose changed lines show the change inside the line."""
    a, b = doc.old_text.splitlines(), doc.new_text.splitlines()
    out: list[str] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        out.append(f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@")
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out += a[i1:i2]
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            out += [inline_word_diff(a[i1 + k], b[j1 + k]) for k in range(pairs)]
            out += [f"[-{line}-]" for line in a[i1 + pairs:i2]]
            out += [f"{{+{line}+}}" for line in b[j1 + pairs:j2]]
    return "\n".join(out)


def render_text(result: Review, *, word: bool = False) -> str:
    """What `papergen diff` prints: a heading per document, then its diff."""
    parts: list[str] = [f"# {p}" for p in result.problems]
    for doc in result.documents:
        parts.append(f"=== {doc.label} ({doc.status})")
        if doc.status in ("ändrat", "bytt namn"):
            body = word_level(doc) if word else unified(doc)
            if body:
                parts.append(body)
    if not result.documents and not result.problems:
        parts.append("inga skillnader i de renderade handlingarna"
                     + (f" ({', '.join(result.meetings)})" if result.meetings else ""))
    return "\n".join(parts) + "\n"


# The review page's look: fits any window (fixed table layout, long lines wrap), and changes are shown
# by more than colour (struck through / underlined, and named for screen readers). Contrast is WCAG AA.
_DIFF_CSS = """\
body { font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.4; color: #1a1a1a;
       background: #fff; margin: 0 auto; padding: 1rem; max-width: 100rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; overflow-wrap: anywhere; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 0.5rem 0; }
caption { text-align: left; padding: 0.25rem 0; overflow-wrap: anywhere; }
th, td { border: 1px solid #8a8a8a; padding: 0.15rem 0.4rem; vertical-align: top; text-align: left; }
td { white-space: pre-wrap; overflow-wrap: anywhere; font-family: "Courier New", monospace; font-size: 0.9rem; }
col.nr { width: 3.5rem; }
td.nr { color: #4a4a4a; text-align: right; }
tr.hunk td { background: #eef1f5; font-family: Arial, Helvetica, sans-serif; font-style: italic; }
td.old { background: #fff5f5; } td.new { background: #f3fbf4; }
del { background: #ffd0cc; color: #1a1a1a; text-decoration: line-through; }
ins { background: #c7f0cf; color: #1a1a1a; text-decoration: underline; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print { body { max-width: none; padding: 0; } tr { break-inside: avoid; } }
"""


def _marked(text: str, tag: str, word: str) -> str:
    """Changed words inside <del>/<ins>, with their kind said to screen readers."""
    return f'<{tag}><span class="sr-only">{word}: </span>{html.escape(text)}</{tag}>' if text else ""


def _lines(start: int, end: int) -> str:
    return f"rad {start + 1}–{end}" if end > start else "inga rader"


def _side_by_side(doc: DocumentDiff, base: str, head: str, context: int = 3) -> str:
    """One document as a table: BASE on the left, HEAD on the right, changed words marked inside a line."""
    a, b = doc.old_text.splitlines(), doc.new_text.splitlines()
    rows: list[str] = []

    def row(i: int | None, old: str, j: int | None, new: str, changed: bool) -> None:
        cls = (' class="old"', ' class="new"') if changed else ("", "")
        rows.append(f'<tr><td class="nr">{"" if i is None else i + 1}</td><td{cls[0]}>{old}</td>'
                    f'<td class="nr">{"" if j is None else j + 1}</td><td{cls[1]}>{new}</td></tr>')

    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        rows.append(f'<tr class="hunk"><td colspan="4">Före: {_lines(first[1], last[2])}, '
                    f'efter: {_lines(first[3], last[4])}</td></tr>')
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                for k in range(i2 - i1):
                    row(i1 + k, html.escape(a[i1 + k]), j1 + k, html.escape(b[j1 + k]), False)
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                runs = word_changes(a[i1 + k], b[j1 + k], join=True)
                old = "".join(html.escape(x) if x == y else _marked(x, "del", "borttaget") for x, y in runs)
                new = "".join(html.escape(y) if x == y else _marked(y, "ins", "tillagt") for x, y in runs)
                row(i1 + k, old, j1 + k, new, True)
            for k in range(i1 + pairs, i2):
                row(k, _marked(a[k], "del", "borttaget"), None, "", True)
            for k in range(j1 + pairs, j2):
                row(None, "", k, _marked(b[k], "ins", "tillagt"), True)
    before = html.escape(f"Före: {doc.old or '–'} ({base})")
    after = html.escape(f"Efter: {doc.new or '–'} ({head})")
    return (f"<table>\n<caption>{html.escape(doc.label)}: före till vänster, efter till höger</caption>\n"
            '<colgroup><col class="nr"><col><col class="nr"><col></colgroup>\n'
            f'<thead><tr><th scope="col">Rad</th><th scope="col">{before}</th>'
            f'<th scope="col">Rad</th><th scope="col">{after}</th></tr></thead>\n'
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


def render_html(result: Review) -> str:
    """One page, a side-by-side table per document with the changed words marked, for a reviewer's browser."""
    # A commit id is shortened as git does; "arbetskopian" (the working tree) is a word and stays whole.
    base, head = (rev[:10] if re.fullmatch(r"[0-9a-f]{40}", rev) else rev for rev in (result.base, result.head))
    title = f"Granskning av handlingarna {base}..{head}"
    sections = [f"<p>{html.escape(problem)}</p>" for problem in result.problems]
    for doc in result.documents:
        sections.append(f"<section>\n<h2>{html.escape(doc.label)} ({doc.status})</h2>\n"
                        f"{_side_by_side(doc, base, head)}\n</section>")
    if not result.documents and not result.problems:
        sections.append("<p>Inga skillnader i de renderade handlingarna.</p>")
    legend = ("<p>Ändrade ord är markerade: " + _marked("borttagna ord", "del", "borttaget") + " och "
              + _marked("tillagda ord", "ins", "tillagt") + ". Oförändrade rader visas bara runt en ändring.</p>")
    return ('<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{_DIFF_CSS}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{html.escape(title)}</h1>\n{legend}\n" + "\n".join(sections) + "\n</main>\n</body>\n</html>\n")


# --- förslag till beslut vs beslut -------------------------------------------


@dataclass(frozen=True, slots=True)
class Avvikelse:
    """A § whose beslut is not the förslag till beslut, with the att-satser side by side."""

    nummer: int
    rubrik: str
    forslag: list[str]
    beslut: list[str]

    def lines(self) -> list[str]:
        out = [f"§ {self.nummer} {self.rubrik}"]
        if not self.forslag:
            out.append("  (inget förslag till beslut)")
        out += [f"  {line}" for line in att_sats_skillnad(self.forslag, self.beslut)]
        return out


def forslag_beslut(root: Path, folder: Path) -> list[Avvikelse]:
    """The §§ of a meeting's protokoll whose beslut differs from the förslag till beslut."""
    out = Collector()
    project, meeting = pipeline.load(root, folder, out)
    if project is None or meeting is None or out.has_errors():
        raise ReviewError(f"{folder.name} kan inte läsas ({sum(1 for _ in out.items)} problem); kör papergen check")
    if meeting.protokoll is None:
        raise ReviewError(f"{folder.name} har inget protokoll (protokoll.yaml)")
    found: list[Avvikelse] = []
    for par in paragrafer(meeting):
        if not avviker(par.post, par.arende):
            continue
        ctx = paragraf_ctx(project, meeting, par)
        forslag = ctx["forslag"]
        found.append(Avvikelse(par.nummer, par.arende.data.rubrik, list(forslag["att_satser"]) if forslag else [],
                               list(ctx["beslut"]["att_satser"])))
    return found


# --- pull-request comment ------------------------------------------------------

COMMENT_LIMIT = 60_000  # GitHub refuses comments over 65 536 characters
COMMENT_MARKER = "<!-- papergen diff -->"


def render_comment(result: Review, limit: int = COMMENT_LIMIT) -> str:
    """Markdown for one pull-request comment: a summary, then each document folded, cut sensibly when long."""
    head = [COMMENT_MARKER, "### Ändringar i de renderade handlingarna", ""]
    head += [f"- :warning: {p}" for p in result.problems]
    if not result.documents:
        head.append("Inga skillnader i de renderade handlingarna.")
        return "\n".join(head) + "\n"
    head += [f"- `{d.label}`: {d.status}" for d in result.documents]
    parts = ["\n".join(head)]
    used = len(parts[0])
    for n, doc in enumerate(result.documents):
        body = unified(doc) if doc.status in ("ändrat", "bytt namn") else ""
        block = (f"<details><summary><code>{html.escape(doc.label)}</code> ({doc.status})</summary>\n\n"
                 f"```diff\n{body}\n```\n</details>") if body else ""
        if used + len(block) > limit:
            left = len(result.documents) - n
            # Whole documents are left out rather than cut mid-hunk; the artifact has them all.
            parts.append(f"… {left} {'handling' if left == 1 else 'handlingar'} till visas inte här "
                         "(för lång kommentar); se `papergen diff` eller artefakten.")
            break
        if block:
            parts.append(block)
            used += len(block)
    return "\n\n".join(parts) + "\n"
