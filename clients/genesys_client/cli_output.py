"""Rendering results for ``genesys-client``: JSON for scripts, ``rich`` tables for people, progress bars.

Results go to stdout and everything else (progress, logs, errors) to stderr, so ``--output json`` can be piped.
Progress bars only draw on a terminal; in a pipe or CI log they would be noise.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

from pydantic import BaseModel
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from clients.genesys_client.uploads import ImportProgress, UploadProgress
from contracts.outbound import ImportStatus

# Columns shown in tables per kind of entity: (title, dotted JSON path).
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "ContactList": [
        ("id", "id"),
        ("name", "name"),
        ("columns", "columnNames"),
        ("phone", "phoneColumns"),
        ("email", "emailColumns"),
        ("size", "size"),
        ("import", "importStatus"),
        ("version", "version"),
    ],
    "DialerContact": [("id", "id"), ("data", "data"), ("callable", "callable")],
    "ExternalContact": [
        ("id", "id"),
        ("first name", "firstName"),
        ("last name", "lastName"),
        ("work e-mail", "workEmail"),
        ("cell", "cellPhone.e164"),
        ("work phone", "workPhone.e164"),
    ],
    "CreateCallResponse": [("conversation id", "id"), ("self", "selfUri")],
}


def to_data(value: Any) -> Any:
    """Models (and lists of them) as their JSON form: camelCase, absent fields left out."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list):
        return [to_data(v) for v in value]
    return value


def _cell(data: Any, path: str) -> str:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    if data is None:
        return ""
    if isinstance(data, list):
        return ", ".join(
            f"{d.get('columnName')} ({d.get('type')})" if isinstance(d, dict) and "columnName" in d else str(d)
            for d in data
        )
    if isinstance(data, dict):
        return ", ".join(f"{k}={v}" for k, v in data.items())
    return str(data)


class Output:
    """Prints results in the chosen format."""

    def __init__(self, fmt: str, *, progress: bool = True) -> None:
        self.fmt = fmt
        self.out = Console(file=sys.stdout)
        if not self.out.is_terminal:
            self.out.width = max(self.out.width, 200)  # a pipe or log file: never cut ids in half
        self.err = Console(file=sys.stderr)
        self.progress_enabled = progress and self.err.is_terminal

    def result(self, value: Any, kind: str | None = None, *, footer: str | None = None) -> None:
        data = to_data(value)
        if self.fmt == "json":
            # Plain write, not rich: JSON for scripts must never be wrapped or styled.
            self.out.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            return
        if isinstance(data, list):
            self.table(data, kind, footer=footer)
        elif isinstance(data, dict) and kind in COLUMNS and "entities" not in data:
            self.table([data], kind)
        elif isinstance(data, dict):
            self.key_values(data)
        else:
            self.out.print(str(data))

    def table(self, rows: Sequence[dict[str, Any]], kind: str | None, *, footer: str | None = None) -> None:
        columns = COLUMNS.get(kind or "") or [(k, k) for k in (rows[0].keys() if rows else ["id"])]
        # Optional fields (size, importStatus…) only get a column when some row has them.
        columns = [(t, p) for t, p in columns if t == "id" or not rows or any(_cell(r, p) for r in rows)]
        table = Table(box=box.SIMPLE_HEAD, caption=footer, caption_justify="left")
        for title, _ in columns:
            is_id = title == "id" or title.endswith(" id")
            table.add_column(title, no_wrap=is_id, min_width=36 if is_id else None)
        for row in rows:
            table.add_row(*(_cell(row, path) for _, path in columns))
        self._print(table)

    def key_values(self, data: dict[str, Any]) -> None:
        table = Table("field", "value", show_header=False, box=box.SIMPLE)
        for key, value in data.items():
            if value is None or value == []:
                continue
            if isinstance(value, list) and value and not isinstance(value[0], dict):
                value = "\n".join(str(v) for v in value)
            table.add_row(key, _cell({"v": value}, "v") if not isinstance(value, str) else value)
        self._print(table)

    def _print(self, renderable: Any) -> None:
        """Print; in a pipe without the padding rich adds to every line (it only gets in the way there)."""
        if self.out.is_terminal:
            self.out.print(renderable)
            return
        with self.out.capture() as captured:
            self.out.print(renderable)
        lines = [line.rstrip() for line in captured.get().splitlines()]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        self.out.file.write("\n".join(lines) + "\n")

    def error(self, message: str) -> None:
        self.err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)

    def note(self, message: str) -> None:
        self.err.print(message, markup=False, highlight=False, soft_wrap=True)

    @contextmanager
    def transfer(self, description: str) -> Iterator[tuple[UploadProgress, ImportProgress]]:
        """Callbacks drawing an upload bar (bytes) and an import bar (records)."""
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeElapsedColumn(),
            console=self.err,
            disable=not self.progress_enabled,
        )
        records = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.err,
            disable=not self.progress_enabled,
        )
        upload_task = progress.add_task(f"upload {description}", total=None)
        import_task: list[TaskID] = []

        def on_upload(sent: int, total: int) -> None:
            progress.update(upload_task, completed=sent, total=total)

        def on_import(status: ImportStatus) -> None:
            if progress.live.is_started:
                progress.stop()
                records.start()
            if not import_task:
                import_task.append(records.add_task("import", total=status.total_records))
            records.update(import_task[0], completed=status.completed_records or 0, total=status.total_records)

        progress.start()
        try:
            yield on_upload, on_import
        finally:
            progress.stop()
            records.stop()
