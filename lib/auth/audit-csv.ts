// The audit log as CSV (RFC 4180), streamed: one header line, then one line per entry, newest first. Every cell
// is in double quotes. A spreadsheet may split a line on other separators than the comma (";" in many locales,
// tab) and on line breaks, ignoring our quotes, so a formula can start after any of them, not only at the start
// of the cell: wherever a piece would start with = + - @, a tab or CR (after optional spaces or double quotes), an
// apostrophe is put before it, which makes a spreadsheet read the piece as text. Read back by an RFC 4180 reader,
// a cell is its text with those apostrophes added (JSON in such a cell, rare: a negative number in an array, is
// then no longer JSON).
import "server-only";
import type { AuditEntryDto } from "@/lib/api/auth";

const COLUMNS = [
  "id",
  "time",
  "actor",
  "via",
  "address",
  "action",
  "target",
  "params",
  "result",
  "status",
  "error",
] as const;

/** Where a piece a spreadsheet could cut out (at the cell's start, after , ; tab CR LF) begins like a formula. */
const FORMULA_START = /(?<=^|[,;\t\r\n])(?=[ "]*[=+\-@\t\r])/g;

export function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return `"${text.replace(FORMULA_START, "'").replace(/"/g, '""')}"`;
}

export function csvLine(entry: AuditEntryDto): string {
  return `${COLUMNS.map((c) => csvCell(entry[c])).join(",")}\r\n`;
}

export function auditCsvStream(entries: Iterable<AuditEntryDto>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = entries[Symbol.iterator]();
  let headerSent = false;
  return new ReadableStream({
    pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${COLUMNS.map(csvCell).join(",")}\r\n`));
        return;
      }
      let batch = "";
      for (let i = 0; i < 500; i++) {
        const next = it.next();
        if (next.done) {
          if (batch) controller.enqueue(encoder.encode(batch));
          controller.close();
          return;
        }
        batch += csvLine(next.value);
      }
      controller.enqueue(encoder.encode(batch));
    },
    cancel() {
      it.return?.(undefined);
    },
  });
}
