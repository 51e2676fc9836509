"""Registers the product writes for people (not to be confused with the *client register*,
the CRM export in `pipeline.client_register`), all written through `pipeline.workbook`.

    daily.py            the daily complaint register, reports/registre-YYYY-MM-DD.xlsx
    followup.py         the follow-up workbook, reports/suivi-reclamations.xlsx, written
                        from the journal
    followup_rows.py    what each of its rows asks (« À faire », the next step), in due order
    followup_cells.py   its process owner's columns and how their cells read
    followup_read.py    what the owner changed in it (`read_edits`), stored by
                        `pipeline.followup_edits`
"""
