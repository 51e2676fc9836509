"""openpyxl behind one module: every workbook the product writes or reads.

The styles (Arial 10, header and flag colours, date formats), text cells that are never
formulas, header rows with their column widths, row heights fitted to wrapped text, the
printed page, charts, drop-down lists and the atomic save; the opening of a workbook read
back (the follow-up) and of the client register's CRM workbook (values only). The daily
register, the follow-up workbook, the monthly report and the client register use it; no
other module of the product imports openpyxl.
"""

from __future__ import annotations

import functools
import io
import weakref
import zipfile
from collections.abc import Sequence
from copy import copy
from datetime import date
from pathlib import Path
from typing import Protocol

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from pipeline import privacy
from pipeline.safe_files import swap_in

__all__ = ["Cell", "Workbook", "Worksheet"]  # the types the workbook writers annotate with

DATE_FORMAT = "dd/mm/yyyy"  # stored locale-free; a French Excel shows it as jj/mm/aaaa
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Numbers in French whatever the reader's locale: the [$-40C] (fr-FR) prefix makes
# LibreOffice, and so the PDFs it makes, write « 80,0 % » and « 4 634 » as a French Excel does.
FRENCH_NUMBERS = "[$-40C]"
RATE_FORMAT = FRENCH_NUMBERS + "0.0 %"
COUNT_FORMAT = FRENCH_NUMBERS + "#,##0"
MAX_CELL_TEXT = 32_000  # Excel holds at most 32 767 characters in a cell
CREATOR = "reclam"

# -- styles --------------------------------------------------------------------------------

# Arial: on every Windows Excel, and LibreOffice swaps in the metric-compatible Liberation Sans.
FONT_NAME, FONT_SIZE = "Arial", 10
LINE_HEIGHT = 12.75  # points per line of Arial 10
CHARS_PER_WIDTH = 1.15  # Arial 10 characters per unit of column width, wrapping included


@functools.cache  # one object per colour: `set_style` knows a style by its parts' identity
def fill(colour: str) -> PatternFill:
    """A solid background of `colour` (RRGGBB)."""
    return PatternFill("solid", fgColor=colour)


HEADER_FILL = fill("1F4E78")
HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="FFFFFF")
BODY_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
OVERDUE_FILL = fill("FFC7CE")
OVERDUE_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="C00000")
LINK_FONT = Font(name=FONT_NAME, size=FONT_SIZE, color="0563C1", underline="single")
FLAG_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
WARNING_FILL = fill("F8CBAD")  # a deadline close (follow-up), a flag raised (monthly report)
OWNER_HEADER_FILL = fill("375623")  # the header of a column the process owner fills
INPUT_FILL = fill("FFF9E5")  # a cell the process owner fills
INVALID_FILL = fill("FF0000")  # what the process owner typed and the product could not read
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True, color="1F4E78")
NOTE_FONT = Font(name=FONT_NAME, size=9, italic=True, color="595959")
SECTION_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="1F4E78")
SECTION_FILL = fill("DDEBF7")
_EDGE = Side(style="thin", color="BFBFBF")
BORDER = Border(left=_EDGE, right=_EDGE, top=_EDGE, bottom=_EDGE)
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP_CENTRE = Alignment(vertical="top", horizontal="center")
TOP_SHRINK = Alignment(vertical="top", shrink_to_fit=True)  # one line never cut (an e-mail)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)


# -- cells -----------------------------------------------------------------------------------

def clean_text(text: str) -> str:
    """What a text cell may hold: no control characters, personal data masked, not too long."""
    text = privacy.mask(ILLEGAL_CHARACTERS_RE.sub("", text))
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def put_text(cell: Cell, text: str) -> None:
    """Always a string cell: "=SOMME(…)", "+33…", "-1", "@x" are shown, never computed."""
    cell.value = clean_text(text)
    cell.data_type = "s"


_STYLES: weakref.WeakKeyDictionary[Workbook, dict[tuple[int, ...], tuple[StyleArray, tuple[object, ...]]]] = (
    weakref.WeakKeyDictionary())


def set_style(cell: Cell, *, font: Font = BODY_FONT, border: Border | None = None,
              alignment: Alignment | None = None, fill: PatternFill | None = None,
              number_format: str | None = None) -> None:
    """A cell's whole style at once. openpyxl hashes a style object on every assignment (a
    register's rows spent half their time there); this looks each distinct combination of
    these (module-level) style objects up once per workbook, then copies it."""
    parts = (font, border, alignment, fill, number_format)
    styles = _STYLES.setdefault(cell.parent.parent, {})
    key = tuple(map(id, parts))
    known = styles.get(key)
    if known is not None:
        cell._style = copy(known[0])
        return
    cell._style = StyleArray()
    cell.font = font
    if border is not None:
        cell.border = border
    if alignment is not None:
        cell.alignment = alignment
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    styles[key] = (copy(cell._style), parts)  # the parts kept alive: their ids stay theirs


def mark(cell: Cell, fill: PatternFill = OVERDUE_FILL, font: Font = OVERDUE_FONT) -> None:
    """Make a cell stand out: red on pink (a deadline missed), or `fill` and `font`."""
    cell.fill, cell.font = fill, font


def yes_no(value: bool) -> str:
    """A flag as a cell shows it."""
    return "oui" if value else "non"


def add_comment(cell: Cell, text: str) -> None:
    cell.comment = Comment(text, CREATOR)


def column_letter(index: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    return get_column_letter(index)


# -- rows and columns ------------------------------------------------------------------------

class Heading(Protocol):
    """A column as the header row needs it."""

    @property
    def header(self) -> str: ...
    @property
    def width(self) -> float: ...
    @property
    def wrap(self) -> bool: ...


def write_header(ws: Worksheet, row: int, columns: Sequence[Heading], lines: int,
                 fills: Sequence[PatternFill] = ()) -> None:
    """The header row: white on blue (or on `fills`, one per column), `lines` lines high;
    each column gets its width."""
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index)
        put_text(cell, column.header)
        cell.fill = fills[index - 1] if fills else HEADER_FILL
        cell.font, cell.alignment, cell.border = HEADER_FONT, HEADER_ALIGN, BORDER
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[row].height = lines * LINE_HEIGHT + 4


def line_count(text: str, width: float) -> int:
    """About how many lines `text` takes once wrapped in a column `width` wide."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def fit_row(ws: Worksheet, row: int, columns: Sequence[Heading]) -> None:
    """Neither Excel nor LibreOffice reliably fits rows to wrapped text on opening: the row
    is as high as the longest wrapped text of `columns` (the first ones of the sheet)."""
    lines = 1
    for index, col in enumerate(columns, start=1):
        value = ws.cell(row=row, column=index).value
        if col.wrap and isinstance(value, str):
            lines = max(lines, line_count(value, col.width))
    ws.row_dimensions[row].height = min(409, lines * LINE_HEIGHT + 3)


def add_filter(ws: Worksheet, columns: int, last_row: int) -> None:
    """An autofilter on the header row 1 over `columns` columns, down to `last_row`."""
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{last_row}"


# -- the printed page -----------------------------------------------------------------------

def page_setup(ws: Worksheet, header: str, *, wide: int, title_rows: str | None,
               title_cols: str | None = None, portrait: bool = False, margin: float = 0.3,
               over_then_down: bool = False, footer_left: str | None = None,
               day: date | None = None) -> None:
    """Printed (or made a PDF): A4, `wide` pages wide, `header` on top of each page, the
    title rows (and columns) repeated, "Page n / N" at the foot, after the `day` the
    sheet is of (« 04/12/2026 ») when given."""
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = wide
    ws.page_setup.fitToHeight = 0
    if over_then_down:
        ws.page_setup.pageOrder = "overThenDown"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.page_margins = PageMargins(left=margin, right=margin, top=0.6, bottom=0.5, header=0.25,
                                  footer=0.25)
    ws.oddHeader.center.text = header.replace("&", "&&")
    if footer_left:
        ws.oddFooter.left.text = footer_left
    ws.oddFooter.right.text = (f"{day:%d/%m/%Y} · " if day else "") + "Page &P / &N"


# -- charts ----------------------------------------------------------------------------------

def add_bar_chart(ws: Worksheet, anchor: str, top: int, last: int, title: str,
                  y_title: str, highest: int) -> None:
    """Horizontal bars of the table at rows `top` (header) to `last`: labels in column A,
    counts in column B, top to bottom as in the table."""
    bar = BarChart()
    bar.type = "bar"
    bar.style = 10
    bar.gapWidth = 60
    bar.x_axis.scaling.orientation = "maxMin"  # top to bottom, as in the table
    _place(ws, bar, anchor, top, last, title, y_title, highest)


def add_line_chart(ws: Worksheet, anchor: str, top: int, last: int, title: str,
                   y_title: str, highest: int) -> None:
    """A line of the table at rows `top` (header) to `last`: labels in A, counts in B."""
    line = LineChart()
    _place(ws, line, anchor, top, last, title, y_title, highest)
    for series in line.series:
        series.smooth = False  # a smoothed curve dips below zero between months


def _place(ws: Worksheet, chart: BarChart | LineChart, anchor: str, top: int, last: int,
           title: str, y_title: str, highest: int) -> None:
    chart.title = title
    chart.y_axis.title = y_title
    chart.add_data(Reference(ws, min_col=2, min_row=top, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
    chart.legend = None
    # Counts: a value axis from 0 in whole steps (no "0.5 réclamation").
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorUnit = max(1, -(-highest // 8))
    chart.y_axis.number_format = "0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 8.5, 17
    ws.add_chart(chart, anchor)


# -- drop-down lists -------------------------------------------------------------------------

def list_validation(choices: Sequence[str], title: str, error: str) -> DataValidation:
    """A drop-down list of `choices`; anything else typed is refused with `error`."""
    return DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                          showErrorMessage=True, errorTitle=title, error=error)


def date_validation(title: str, error: str) -> DataValidation:
    """A date between 2000 and 2099; anything else typed is refused with `error`."""
    return DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                          formula2="DATE(2099,12,31)", allow_blank=True, showErrorMessage=True,
                          errorTitle=title, error=error)


# -- whole workbooks -------------------------------------------------------------------------

def new_workbook(title: str, sheets: Sequence[str]) -> Workbook:
    """An empty workbook with `sheets` in this order, the first one active."""
    wb = Workbook()
    default = wb.active
    for name in sheets:
        wb.create_sheet(title=name)
    if default is not None:
        wb.remove(default)
    wb.active = 0
    wb.properties.title = title
    wb.properties.creator = CREATOR
    return wb


def default_font_arial(wb: Workbook) -> None:
    """The workbook's default style in Arial 10, the font its cells are written in. Column
    widths count the default font's digits: openpyxl's default, Calibri 11, is missing on
    Linux, where LibreOffice swaps in a wider font and a sheet fitted to the page prints
    smaller than in Excel; Arial has its metric twin there (Liberation Sans)."""
    wb._named_styles["Normal"].font = Font(name=FONT_NAME, size=FONT_SIZE)


UNREADABLE = (zipfile.BadZipFile, InvalidFileException, KeyError, EOFError)  # open_workbook's


def open_workbook(data: bytes) -> Workbook:
    """The workbook whose file content is `data`; one of UNREADABLE when it is not one."""
    return load_workbook(io.BytesIO(data))


def open_values(path: Path) -> Workbook:
    """The workbook at `path`, read-only, each formula cell giving its last computed value
    (a CRM export); openpyxl's, zipfile's and XML errors as they come."""
    return load_workbook(path, read_only=True, data_only=True)


def save_atomically(wb: Workbook, path: Path) -> None:
    """Save to a temporary name beside `path`, fsync, swap in: never half a file."""
    swap_in(path, wb.save)
