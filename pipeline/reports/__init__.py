"""Reports for auditors, built from the journal: the monthly report and data retention.

    monthly.py     `build_month` (the figures, each with the ids it counts) and
                   `write_monthly_report` (reports/rapport-YYYY-MM.xlsx)
    pdf.py         the workbook made a PDF by LibreOffice headless
    retention.py   `purge`: anonymise complaints closed more than N years ago
"""
