"""Reports for auditors, built from the journal: the monthly report (read-only).

    model.py       what the monthly report holds (figures with the ids they count, lines)
    figures.py     `build_month`: the figures of a month, pure
    monthly.py     `write_monthly_report` (reports/rapport-YYYY-MM.xlsx)
    pdf.py         the workbook made a PDF by LibreOffice headless
"""
