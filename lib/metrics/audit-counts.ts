// The change, sign-in and refusal counters, fed by the audit log as it is written (onAuditRecorded): every
// change, sign-in and refusal is audited already, so counting there counts each exactly once. Three counters
// rather than one, so "changes made" is not inflated by an attacker's 10,000 refused requests:
//   changes_total{action,result}   a change that ran: ok, or error (Docker or our check said no)
//   auth_events_total{action,result}   auth.* and token.use that went through
//   refusals_total{action}         result "denied", whole or summarised (audit.refusals: its count by action)
// audit.archive (housekeeping, not a request) is not counted.
import "server-only";
import type { AuditEntryDto } from "@/lib/api/auth";
import { onAuditRecorded } from "@/lib/auth/audit";
import { routeOf } from "./http";
import { actionLabel } from "./labels";
import { countingMetrics } from "./metrics";

function label(action: string): string {
  return actionLabel(action, routeOf, countingMetrics().actionLabels);
}

/** The counts an audit.refusals summary stands for: its count, by the actions it names (the rest "other"). */
function refusalSummary(params: unknown): Array<[string, number]> {
  const p = (params && typeof params === "object" ? params : {}) as {
    count?: unknown;
    actions?: unknown;
  };
  const count = typeof p.count === "number" && p.count > 0 ? Math.floor(p.count) : 0;
  const out: Array<[string, number]> = [];
  let named = 0;
  if (p.actions && typeof p.actions === "object") {
    for (const [action, n] of Object.entries(p.actions as Record<string, unknown>)) {
      if (typeof n !== "number" || !(n > 0) || named + n > count) continue;
      out.push([action, Math.floor(n)]);
      named += Math.floor(n);
    }
  }
  if (count > named) out.push(["other", count - named]);
  return out;
}

export function countAuditEntry(entry: AuditEntryDto): void {
  const m = countingMetrics();
  if (entry.action === "audit.refusals") {
    for (const [action, n] of refusalSummary(entry.params)) m.refusals.inc({ action: label(action) }, n);
    return;
  }
  if (entry.action.startsWith("audit.")) return;
  if (entry.result === "denied") {
    m.refusals.inc({ action: label(entry.action) });
    return;
  }
  const result = entry.result === "ok" ? "ok" : "error";
  const isAuth = entry.action.startsWith("auth.") || entry.action === "token.use";
  (isAuth ? m.auth : m.changes).inc({ action: label(entry.action), result });
}

const LISTENING = Symbol.for("netatlas.metrics.audit-listening");
type GlobalWithFlag = typeof globalThis & { [LISTENING]?: boolean };

/** Starts counting audit entries (once per process, whichever bundle asks first). */
export function countAuditEntries(): void {
  const g = globalThis as GlobalWithFlag;
  if (g[LISTENING]) return;
  g[LISTENING] = true;
  onAuditRecorded(countAuditEntry);
}
