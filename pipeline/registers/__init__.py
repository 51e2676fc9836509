"""Registers the product writes for people (not to be confused with the *client register*,
the CRM export in `pipeline.client_register`).

    daily.py    the daily complaint register, reports/registre-YYYY-MM-DD.xlsx
"""
