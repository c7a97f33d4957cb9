// GET /api/audit (admins): the audit log, newest first, filtered by actor, action (prefix), target (part),
// result and time; paged as JSON, or every match as CSV with ?format=csv or as JSON lines with ?format=jsonl
// (one entry per line, for a log pipeline; docs/logs.md).
import { auditQuery } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { iterateAudit, queryAudit } from "@/lib/auth/audit";
import { auditCsvStream } from "@/lib/auth/audit-csv";
import { auditJsonlStream } from "@/lib/auth/audit-jsonl";
import { guard } from "@/lib/auth/guard";
import { fieldProblems } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    guard(request, "audit");
    const raw = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = auditQuery.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== "")));
    if (!parsed.success) {
      const fields = fieldProblems(parsed.error);
      throw new AppError(
        "bad_request",
        `Bad audit filter: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`,
        null,
        { fields },
      );
    }
    const { limit, offset, format, ...filter } = parsed.data;
    if (format === "json") return queryAudit(filter, limit, offset);
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    if (format === "jsonl")
      return new Response(auditJsonlStream(iterateAudit(filter)), {
        headers: {
          "Content-Type": "application/x-ndjson; charset=utf-8",
          "Content-Disposition": `attachment; filename="netatlas-audit-${stamp}.jsonl"`,
          "Cache-Control": "no-store",
        },
      });
    return new Response(auditCsvStream(iterateAudit(filter)), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="netatlas-audit-${stamp}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
