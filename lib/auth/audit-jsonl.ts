// The audit log as JSON lines (GET /api/audit?format=jsonl, GET /api/audit/stream): each entry as the JSON API
// gives it (id, time, actor, via, address, action, target, params, result, status, error), one per line, so a
// log pipeline takes it as it is. Streamed 500 entries a chunk, newest first, like the CSV export.
import "server-only";
import type { AuditEntryDto } from "@/lib/api/auth";

const CHUNK = 500;

/** One entry with its fields in a fixed order, whatever order they were built in. */
export function auditRecord(entry: AuditEntryDto): AuditEntryDto {
  const { id, time, actor, via, address, action, target, params, result, status, error } = entry;
  return { id, time, actor, via, address, action, target, params, result, status, error };
}

export function auditLine(entry: AuditEntryDto): string {
  return `${JSON.stringify(auditRecord(entry))}\n`;
}

export function auditJsonlStream(entries: Iterable<AuditEntryDto>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = entries[Symbol.iterator]();
  return new ReadableStream({
    pull(controller) {
      let batch = "";
      for (let i = 0; i < CHUNK; i++) {
        const next = it.next();
        if (next.done) {
          if (batch) controller.enqueue(encoder.encode(batch));
          controller.close();
          return;
        }
        batch += auditLine(next.value);
      }
      controller.enqueue(encoder.encode(batch));
    },
    cancel() {
      it.return?.(undefined);
    },
  });
}
