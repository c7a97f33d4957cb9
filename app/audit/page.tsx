// `/audit` (admins): the audit log, newest first, filtered by user, action, target, result and time, a
// page at a time, with the same filters as a CSV or JSON lines export. Read straight from the log, not through
// the API.
import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/auth/AuditFilters";
import { AuditTable } from "@/components/auth/AuditTable";
import { auditSearch, readAuditParams } from "@/components/auth/audit-params";
import { ErrorScreen } from "@/components/ErrorScreen";
import { queryAudit } from "@/lib/auth/audit";
import { requirePage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log · Netatlas" };

type Search = Record<string, string | string[] | undefined>;
const LINK = "text-blue-700 hover:underline";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const here = new URLSearchParams(
    Object.entries(search).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
  ).toString();
  const { denied } = await requirePage(here ? `/audit?${here}` : "/audit", "admin");
  if (denied) return <ErrorScreen error={denied} />;

  const { raw, filter, limit, offset, problems } = readAuditParams(search);
  const page = queryAudit(filter, limit, offset);
  // A bad filter shows the whole log, so its links must not carry the bad values on.
  const kept = problems.length ? {} : raw;
  const paging = (to: number) =>
    `/audit?${auditSearch(kept, { ...(raw.limit ? { limit } : {}), offset: to })}`;
  const first = page.total === 0 ? 0 : offset + 1;
  const last = offset + page.entries.length;

  return (
    <div className="h-full overflow-auto p-4">
      <div className="mb-3 flex items-baseline gap-4">
        <h1 className="text-lg font-semibold">Audit log</h1>
        <a href={`/api/audit?${auditSearch(kept, { format: "csv" })}`} download className={`text-sm ${LINK}`}>
          Export CSV
        </a>
        <a
          href={`/api/audit?${auditSearch(kept, { format: "jsonl" })}`}
          download
          className={`text-sm ${LINK}`}
          title="One JSON object per line, for a log pipeline (Fluentd, Loki); docs/logs.md"
        >
          Download JSON lines
        </a>
      </div>
      <AuditFilters raw={raw} />
      {problems.length ? (
        <div role="alert" className="mb-3 rounded bg-amber-50 p-2 text-sm text-amber-800">
          <p>These filters could not be read, so the whole log is shown:</p>
          <ul className="list-disc pl-5">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <nav aria-label="Audit pages" className="mb-2 flex items-center gap-4 text-sm">
        <span>
          {page.total} {page.total === 1 ? "entry" : "entries"}
        </span>
        {page.total > 0 ? (
          <span className="text-slate-500">
            showing {first}–{last}
          </span>
        ) : null}
        {offset > 0 ? (
          <Link href={paging(Math.max(0, offset - limit))} className={LINK}>
            Newer
          </Link>
        ) : null}
        {offset + limit < page.total ? (
          <Link href={paging(offset + limit)} className={LINK}>
            Older
          </Link>
        ) : null}
      </nav>
      <AuditTable entries={page.entries} />
      {page.entries.length === 0 ? <p className="mt-3 text-sm text-slate-500">No entries match.</p> : null}
    </div>
  );
}
