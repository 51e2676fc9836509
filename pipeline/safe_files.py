"""Moving originals without following links, replacing files or sharing inodes; writing
the product's own files whole (`swap_in`).

Every move of an original (inbox/ → work/ → outbox/ or quarantine) goes through
`move_original`:

- only a regular file is ever opened or moved: a symbolic link, a FIFO, a socket or a
  device is refused (`NotRegularFile`) and its target never touched (`O_NOFOLLOW`,
  `O_NONBLOCK`: a FIFO cannot block the run);
- the destination is never replaced: a hard link then an unlink (`link` fails when the
  name exists), or a copy written under a temporary name then linked into place;
- a file that has other hard links (one from outside the home) is copied, so that a
  later change to the outside file cannot change the archive;
- a copy (across file systems, or for a linked file) is no more readable than the
  original: its permission bits are the original's, never wider.

Every file the product writes whole (workbooks, summaries, reasons, entry files) goes
through `swap_in` (or `write_text`): written under a hidden temporary name, then swapped in,
so that a reader never sees half a file and a failed write leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

NAME_MAX = 255  # bytes of one name on the file systems we meet (ext4, xfs, btrfs, NFS, SMB)


class NotRegularFile(OSError):
    """The path is a link, a FIFO, a socket or a device: never opened, never moved."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file ({kind})", str(path))
        self.kind = kind


def kind_of(mode: int) -> str:
    """The French name of a file type, for the mail room."""
    if stat.S_ISLNK(mode):
        return "lien symbolique"
    if stat.S_ISFIFO(mode):
        return "tube nommé (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "périphérique"
    if stat.S_ISDIR(mode):
        return "dossier"
    return "fichier ordinaire" if stat.S_ISREG(mode) else "fichier spécial"


def open_regular(path: Path) -> int:
    """A read-only descriptor on `path`, which must be a regular file itself (not a link)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW on a symbolic link
            raise NotRegularFile(path, "lien symbolique") from exc
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFile(path, kind_of(mode))
    return fd


def read_regular(path: Path) -> bytes:
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as f:
        return f.read()


def fitting_name(name: str, limit: int = NAME_MAX - 40) -> str:
    """`name` cut (at a character boundary) so that it fits `limit` bytes in UTF-8, leaving
    room for the temporary suffixes added to it."""
    encoded = name.encode("utf-8")
    if len(encoded) <= limit:
        return name
    return encoded[:limit].decode("utf-8", errors="ignore")


def copy_independent(src: Path, dst: Path) -> None:
    """Copy `src` (a regular file) to the new name `dst`, as a new inode with the same
    permission bits; never replaces `dst`."""
    fd = open_regular(src)
    with os.fdopen(fd, "rb") as source:
        mode = stat.S_IMODE(os.fstat(source.fileno()).st_mode) & 0o666
        tmp = dst.with_name(fitting_name(f".{dst.name}") + f".{secrets.token_hex(4)}.tmp")
        out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                      0o600)
        try:
            with os.fdopen(out, "wb") as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
                target.flush()
                os.fchmod(target.fileno(), mode)
                os.fsync(target.fileno())
            os.link(tmp, dst)  # FileExistsError rather than replacing
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def move_original(src: Path, dst: Path) -> None:
    """Move the regular file `src` to the new name `dst` (see the module docstring)."""
    st = os.lstat(src)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(src, kind_of(st.st_mode))
    if st.st_nlink == 1:
        try:
            os.link(src, dst, follow_symlinks=False)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
                raise
        else:
            os.unlink(src)
            return
    copy_independent(src, dst)
    os.unlink(src)


def swap_in(path: Path, write: Callable[[Path], object]) -> None:
    """Make `path` by `write(temporary)`: a temporary name beside it, fsync, swapped in with
    `os.replace`, so that a reader never sees half a file; the temporary name is removed
    when writing fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")  # unique: writers may race
    try:
        write(tmp)
        with tmp.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """`path` holds `text` (UTF-8, "\n" line ends), written whole or not at all (`swap_in`)."""
    swap_in(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))

