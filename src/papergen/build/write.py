"""Writing outputs: atomic replacement, overwrite guards.

Owns the only code that touches build/. Nothing here decides what to write;
papergen.build.pipeline hands over the complete, error-free set of outputs
(normalised for the same bytes by papergen.render.docx.package).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from papergen.render.output import Output


def unchanged(out_dir: Path, sizes: dict[str, int], manifest: bytes) -> bool:
    """The folder already holds exactly these files (relative path -> size) and this manifest.

    The manifest lists the sha256 of every output, so the same manifest means the
    same bytes were written last time; the folder must still hold those files, at
    their size, and nothing else.
    """
    top = os.fspath(out_dir)
    try:
        with open(os.path.join(top, "manifest.json"), "rb") as f:
            if f.read() != manifest:
                return False
        present = {os.path.relpath(os.path.join(here, name), top).replace(os.sep, "/")
                   for here, _, names in os.walk(top) for name in names}
        if present != set(sizes) | {"manifest.json"}:
            return False
        return all(os.stat(os.path.join(top, name)).st_size == size for name, size in sizes.items())
    except OSError:
        return False


class UnsafeOutputDir(Exception):
    """The output folder would overlap the sources; refuse rather than delete them."""


def check_output_dir(out_dir: Path, project_root: Path) -> None:
    out = out_dir.resolve()
    for protected in (project_root / "content", project_root / "templates"):
        p = protected.resolve()
        if p.is_relative_to(out) or out.is_relative_to(p):
            raise UnsafeOutputDir(f"{out_dir} overlaps {protected}")
    if project_root.resolve().is_relative_to(out):
        raise UnsafeOutputDir(f"{out_dir} contains the project {project_root}")


def write_meeting(out_dir: Path, outputs: list[Output], manifest: bytes | None = None,
                  kept: tuple[str, ...] = ()) -> list[Path]:
    """Replace out_dir with exactly these outputs, the `kept` files already in it, and manifest.json when given;
    all or nothing.

    Everything is written to a sibling staging folder first and then swapped in, so an interrupted or failed
    build never leaves a half-updated folder behind (see `_swap`). What a killed build left beside the folder
    is cleared up first (`recover`).
    """
    seen: set[str] = set()
    for o in outputs:
        if o.relpath in seen or o.relpath in kept:
            raise AssertionError(f"two outputs want {o.relpath}")
        seen.add(o.relpath)
    recover(out_dir)
    # Nothing to write when the folder already holds these outputs (most meetings of a --all).
    sizes = {o.relpath: len(o.data) for o in outputs}
    try:
        sizes.update({rel: (out_dir / rel).stat().st_size for rel in kept})
    except OSError:
        sizes = {}
    if manifest is not None and sizes and unchanged(out_dir, sizes, manifest):
        return [out_dir / o.relpath for o in outputs]
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for rel in kept:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(out_dir / rel, target)  # the same bytes; the old folder goes away after the swap
            except OSError:
                shutil.copyfile(out_dir / rel, target)
        for o in outputs:
            target = staging / o.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(o.data)
        if manifest is not None:
            # Written in the same staging folder, so the manifest always matches the papers beside it.
            (staging / "manifest.json").write_bytes(manifest)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / o.relpath for o in outputs]


# --- the swap ---------------------------------------------------------------------------------------------
# Linux swaps two folders in one step (renameat2 with RENAME_EXCHANGE), so build/<meeting> is never absent:
# a reader sees the old folder or the new one. Elsewhere, or on a file system without it, two renames
# through .<meeting>.old; a kill between them leaves only the .old, which the next build puts back.
# The standard library has no renameat2, hence ctypes (written by hand, a dozen lines).

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc without it (glibc before 2.28, some musl builds)
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


_renameat2 = _load_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap the two existing paths atomically; False where this system or file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), os.fspath(b))


def _old(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.old")


def _swap(staging: Path, out_dir: Path) -> None:
    """Put staging in out_dir's place; the previous folder is deleted afterwards."""
    if out_dir.exists() and exchange(staging, out_dir):
        shutil.rmtree(staging)  # now the previous build
        return
    old = None
    if out_dir.exists():
        old = _old(out_dir)
        if old.exists():
            shutil.rmtree(old)
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    if old is not None:
        shutil.rmtree(old)


# tempfile.mkdtemp's names: the prefix and eight characters of its alphabet
_STAGING = re.compile(r"[a-z0-9_]{8}")


def recover(out_dir: Path) -> None:
    """Clear up after a build killed while writing out_dir: a missing folder comes back from the .old beside
    it, and staging folders (.<meeting>.xxxxxxxx) and a left-over .old are removed.

    Two builds of one meeting at the same time are not supported (either could remove the other's staging).
    """
    old = _old(out_dir)
    if not out_dir.exists() and old.is_dir() and not old.is_symlink():
        os.replace(old, out_dir)
    parent, prefix = out_dir.parent, f".{out_dir.name}."
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for name in names:
        rest = name[len(prefix):] if name.startswith(prefix) else None
        if rest is not None and (rest == "old" or _STAGING.fullmatch(rest)):
            path = parent / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
