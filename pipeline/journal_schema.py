"""The journal's tables: the SQLite schema `pipeline.journal.Journal` creates and reads.

- ``items``: one row per distinct content (sha256): its id, state and record (JSON of
  `pipeline.record.Item`). States: ``claimed`` (taken from inbox/, waiting to be
  read), ``processed`` (record complete, original not yet filed), ``filed`` or
  ``quarantined`` (final).
- ``drops``: one row per file taken from inbox/. The first drop of some bytes makes
  the item; a later drop of the same bytes is a ``doublon``, filed on its own and
  recorded, never deleted.
- ``events``: the append-only audit log (triggers forbid UPDATE and DELETE).
- ``counters``: the last item number given in each year.
- ``followups``: what the process owner records after filing (acknowledgement, answer).
- ``mail_messages``: one row per message taken from an IMAP mailbox (`pipeline.mailbox`):
  its account, folder, UIDVALIDITY and UID, the bytes' hash and the drop (``drops.token``)
  it became; ``state`` ``pris`` (its bytes written to work/, under that token) becomes
  ``deplace``, ``marque`` or ``copie`` once the server holds it as processed. Created on
  an older journal when it is opened (``CREATE TABLE IF NOT EXISTS``).
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    source_file TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    work_path TEXT,
    location TEXT,
    taken_at TEXT NOT NULL,
    record TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS drops (
    token TEXT PRIMARY KEY,
    source_file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    item_id TEXT NOT NULL REFERENCES items(id),
    role TEXT NOT NULL,
    state TEXT NOT NULL,
    work_path TEXT NOT NULL,
    location TEXT,
    taken_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    item_id TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS followups (
    item_id TEXT PRIMARY KEY REFERENCES items(id),
    acknowledged_on TEXT,
    answered_on TEXT,
    outcome TEXT,
    mediator_mentioned INTEGER,
    comment TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mail_messages (
    account TEXT NOT NULL,
    folder TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    token TEXT NOT NULL,
    state TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    done_at TEXT,
    PRIMARY KEY (account, folder, uidvalidity, uid)
);
CREATE INDEX IF NOT EXISTS items_state ON items(state);
CREATE INDEX IF NOT EXISTS mail_messages_token ON mail_messages(token);
CREATE INDEX IF NOT EXISTS drops_state ON drops(state);
CREATE INDEX IF NOT EXISTS events_item ON events(item_id);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
