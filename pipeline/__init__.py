"""reclam: the complaint-mail pipeline of a French insurance broker.

The flow, one module per stage:

    intake -> text -> understand -> match -> decide -> filing -> registers/reports

One typed record (`pipeline.record.Item`) flows through the stages; the journal
(`pipeline.journal`) is the single source of truth for every item's state.
"""

__version__ = "0.1.0"
