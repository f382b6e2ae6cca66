"""Git revisions for review: resolving them and checking them out in temporary worktrees.

Owns every call to git, for `papergen diff` (papergen.review.diff) and
`papergen redline` (papergen.review.redline). A checkout is a detached worktree in a
temporary folder, removed however the caller's block ends.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class GitError(Exception):
    """A revision or repository problem, worded in Swedish for the user."""


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or f"git {' '.join(args)} misslyckades")
    return result.stdout


def toplevel(root: Path) -> Path:
    try:
        return Path(git(root, "rev-parse", "--show-toplevel").strip())
    except GitError:
        raise GitError(f"{root} ligger inte i ett git-förråd") from None


def resolve(root: Path, revision: str) -> str:
    """A revision as a commit id, or a clear error."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except GitError:
        raise GitError(f"okänd git-revision '{revision}'") from None


def commit_time(root: Path, commit: str) -> dt.datetime:
    """When `commit` was committed (the committer date, UTC): the same for the same commit on any machine."""
    return dt.datetime.fromtimestamp(int(git(root, "show", "-s", "--format=%ct", commit).strip()), tz=dt.UTC)


@contextmanager
def worktree(repo: Path, commit: str) -> Iterator[Path]:
    """A detached checkout of `commit` in a temporary folder, removed however the block ends."""
    tmp = Path(tempfile.mkdtemp(prefix="papergen-wt-"))
    path = tmp / "wt"
    try:
        git(repo, "worktree", "add", "--detach", "--quiet", str(path), commit)
        yield path
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=repo, capture_output=True,
                       check=False)
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=repo, capture_output=True, check=False)
