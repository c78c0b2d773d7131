"""A list page's table as a download: CSV (UTF-8 with BOM, so spreadsheet programs read the letters
æøå) or an Excel workbook (openpyxl), with the column headings in the page's language."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi.responses import Response

__all__ = ["Table", "download", "FORMATS"]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Table:
    """Columns (headings) and rows of plain values (text, numbers, dates, None)."""

    name: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(table: Table) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = table.name[:31]
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(c)) for c in table.columns]
    for row in table.rows:
        values = [v if v is None or isinstance(v, int | float | dt.date) else str(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], min(60, len(str(value or ""))))
            if isinstance(value, dt.date):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = "yyyy-mm-dd"
    for index, width in enumerate(widths):
        sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(table: Table, fmt: str) -> Response:
    """The table as ``fmt`` (csv or xlsx), offered as a file named after the table."""
    body = _csv(table) if fmt == "csv" else _xlsx(table)
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="tbgraph-{table.name}.{fmt}"'},
    )
