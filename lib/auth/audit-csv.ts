// The audit log as CSV (RFC 4180), streamed: one header line, then one line per entry, newest first. Cells
// that a spreadsheet would run as a formula are prefixed with an apostrophe.
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

export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
        controller.enqueue(encoder.encode(`${COLUMNS.join(",")}\r\n`));
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
