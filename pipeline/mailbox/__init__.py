"""Email straight from the complaints mailbox: IMAP intake that never loses or doubles a message.

`client` is the one module that speaks IMAP (stdlib imaplib and ssl, certificates always
verified); `ledger` is the journal's table of messages taken; `fetch` is the stage: each
message's exact bytes become an ``.eml`` in work/, recorded by `pipeline.intake` like a
dropped file, and only then moved (or flagged) on the server. Nothing is ever deleted there.
"""
