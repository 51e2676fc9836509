"""The journal's table of messages taken from a mailbox (``mail_messages``, see
`pipeline.journal_schema`): which UID of which folder became which drop, and whether the
server already holds it as processed.

A message is known by its account, folder, UIDVALIDITY and UID. Its row is written
before its bytes reach work/ (state ``pris``, with the token the drop will carry); the
journal has recorded it once `Journal.known_tokens` holds that token; the row becomes
``deplace``, ``marque`` or ``copie`` after the server's answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import clock
from pipeline.journal import Journal

TAKEN = "pris"


def mailbox_of(journal: Journal, token: str) -> str | None:
    """« account/folder » of the message that became the drop `token`, None for a file
    dropped in inbox/."""
    row = journal.connection.execute(
        "SELECT account, folder FROM mail_messages WHERE token = ?", (token,)).fetchone()
    return f"{row[0]}/{row[1]}" if row else None


@dataclass(frozen=True)
class Taken:
    uid: int
    sha256: str
    token: str
    state: str


class MailLedger:
    def __init__(self, journal: Journal, account: str, folder: str, uidvalidity: int) -> None:
        self.db = journal.connection
        self.key = (account, folder, uidvalidity)

    def rows(self) -> dict[int, Taken]:
        rows = self.db.execute(
            "SELECT uid, sha256, token, state FROM mail_messages"
            " WHERE account = ? AND folder = ? AND uidvalidity = ?", self.key).fetchall()
        return {r[0]: Taken(*r) for r in rows}

    def take(self, uid: int, sha256: str, token: str) -> None:
        """Before the bytes are written: this UID will be the drop `token`."""
        self.db.execute(
            "INSERT INTO mail_messages(account, folder, uidvalidity, uid, sha256, token, state,"
            " taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(account, folder, uidvalidity, uid) DO UPDATE SET"
            " sha256 = excluded.sha256, token = excluded.token, taken_at = excluded.taken_at",
            (*self.key, uid, sha256, token, TAKEN, clock.iso(clock.now())))

    def done(self, uids: list[int], state: str) -> None:
        """The server holds these as processed (moved, flagged or copied)."""
        now = clock.iso(clock.now())
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "UPDATE mail_messages SET state = ?, done_at = ? WHERE account = ?"
                " AND folder = ? AND uidvalidity = ? AND uid = ?",
                [(state, now, *self.key, uid) for uid in uids])
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
