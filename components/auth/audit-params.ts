// The audit page's address: which filters and page it asks for, read with the API's own schema so the page
// and GET /api/audit agree on every value, and the links (pages, CSV export) that keep those filters.
import { type AuditResult, auditQuery } from "@/lib/api/auth";

/** The query keys the page reads; anything else in the address is ignored rather than refused. */
export const AUDIT_KEYS = ["actor", "action", "target", "result", "from", "to", "limit", "offset"] as const;
export type AuditKey = (typeof AUDIT_KEYS)[number];
export type AuditRaw = Partial<Record<AuditKey, string>>;

export const FILTER_LABELS: Record<AuditKey, string> = {
  actor: "User",
  action: "Action",
  target: "Target",
  result: "Result",
  from: "From",
  to: "To",
  limit: "Limit",
  offset: "Offset",
};

export interface AuditParams {
  /** The values as typed, to refill the form. */
  raw: AuditRaw;
  filter: {
    actor?: string;
    action?: string;
    target?: string;
    result?: AuditResult;
    from?: number;
    to?: number;
  };
  limit: number;
  offset: number;
  /** Set when the address did not parse: the page then shows the whole log, first page. */
  problems: string[];
}

export function readAuditParams(search: Record<string, string | string[] | undefined>): AuditParams {
  const raw: AuditRaw = {};
  for (const key of AUDIT_KEYS) {
    const value = search[key];
    const first = Array.isArray(value) ? value[0] : value;
    // An empty box in a GET form still sends `name=`: that means "no filter", as in the API.
    if (first !== undefined && first.trim() !== "") raw[key] = first.trim();
  }
  const parsed = auditQuery.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "");
      return `${FILTER_LABELS[key as AuditKey] ?? key}: ${issue.message}`;
    });
    return { raw, filter: {}, limit: 100, offset: 0, problems };
  }
  const { limit, offset, format: _format, ...filter } = parsed.data;
  return { raw, filter, limit, offset, problems: [] };
}

/** A query string of the filters (never limit/offset unless given in `extra`), empty values left out. */
export function auditSearch(raw: AuditRaw, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const key of AUDIT_KEYS) {
    if (key === "limit" || key === "offset") continue;
    const value = raw[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
  return params.toString();
}
