// GET /api/audit/stream (admins): every audit entry as it is written, one JSON line each (the format of
// GET /api/audit?format=jsonl, docs/logs.md), for a log shipper. No backlog: the export has the past.
// `heartbeat=` (5–300 s) adds an empty line that often; none by default. Counted like the live streams; ends
// when the admin's session or token stops holding (logout, expiry, revoked, no longer admin).
import type { AuditEntryDto } from "@/lib/api/auth";
import { parseHeartbeat } from "@/lib/api/timeline";
import { onAuditRecorded } from "@/lib/auth/audit";
import { auditRecord } from "@/lib/auth/audit-jsonl";
import { ndjsonReaderStream } from "@/lib/http/ndjson-stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return ndjsonReaderStream(request, {
    need: "audit",
    parse: (r) => parseHeartbeat(new URL(r.url).searchParams.get("heartbeat")),
    heartbeatMs: (ms) => ms,
    follow: (channel) => onAuditRecorded((entry: AuditEntryDto) => channel.send(auditRecord(entry))),
  });
}
