// The audit log: every mutation, login, failed login, user change and token use, with who, from where,
// what, on what, with which parameters and how it ended (Docker's own message kept). Append-only: the app
// only inserts and reads, and triggers in the database refuse UPDATE and DELETE.
import "server-only";
import type { AuditEntryDto, AuditPageDto, AuditResult } from "@/lib/api/auth";
import { errorStatus } from "@/lib/api/types";
import { markAudited } from "./audit-marks";
import { now, store } from "./db";

export interface AuditRecord {
  actor: string;
  via: string;
  address: string;
  action: string;
  target: string;
  params?: unknown;
  result: AuditResult;
  status: number;
  error?: string | null;
}

/** Keys whose values never reach the log, wherever they appear in the parameters. */
const SECRET_KEYS = /pass(word)?|secret|token|current/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEYS.test(k) ? "[redacted]" : redact(v),
      ]),
    );
  }
  return value;
}

/**
 * Who hears of each entry as it is written (the metrics' change counters, the audit log's live stream). Kept on
 * globalThis so every route bundle shares one list. A listener that throws is logged, never the writer's problem.
 */
type AuditListener = (entry: AuditEntryDto) => void;
const LISTENERS = Symbol.for("netatlas.audit.listeners");
type GlobalWithListeners = typeof globalThis & { [LISTENERS]?: Set<AuditListener> };

function listeners(): Set<AuditListener> {
  const g = globalThis as GlobalWithListeners;
  g[LISTENERS] ??= new Set();
  return g[LISTENERS];
}

/** Calls `listener` with every audit entry written from now on; returns the way to stop. */
export function onAuditRecorded(listener: AuditListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

function tell(row: AuditRow): void {
  if (listeners().size === 0) return;
  const entry = toDto(row);
  for (const listener of listeners()) {
    try {
      listener(entry);
    } catch (err) {
      console.error("netatlas: an audit listener failed:", err);
    }
  }
}

export function recordAudit(entry: AuditRecord): void {
  try {
    const time = now();
    const params = JSON.stringify(redact(entry.params ?? {}));
    const written = store()
      .db.prepare(
        "INSERT INTO audit (time, actor, via, address, action, target, params, result, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        time,
        entry.actor,
        entry.via,
        entry.address,
        entry.action,
        entry.target,
        params,
        entry.result,
        entry.status,
        entry.error ?? null,
      );
    tell({
      id: Number(written.lastInsertRowid),
      time,
      actor: entry.actor,
      via: entry.via,
      address: entry.address,
      action: entry.action,
      target: entry.target,
      params,
      result: entry.result,
      status: entry.status,
      error: entry.error ?? null,
    });
  } catch (err) {
    // A mutation already happened; losing its record must be loud, not a second failure for the user. The
    // entry is printed as it would have been stored: parameters redacted, long texts cut.
    console.error(
      `netatlas: could not write the audit log (${(err as Error)?.message ?? String(err)}); the entry was:`,
      JSON.stringify({ ...entry, params: redact(entry.params ?? {}) }).slice(0, 4000),
    );
  }
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  result?: AuditResult;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

interface AuditRow {
  id: number;
  time: number;
  actor: string;
  via: string;
  address: string;
  action: string;
  target: string;
  params: string;
  result: AuditResult;
  status: number;
  error: string | null;
}

function where(filter: AuditFilter): { sql: string; args: (string | number)[] } {
  const parts: string[] = [];
  const args: (string | number)[] = [];
  const add = (clause: string, arg: string | number) => {
    parts.push(clause);
    args.push(arg);
  };
  // actor and result match exactly; action is a prefix ("network." finds every network action); target a substring.
  if (filter.actor) add("actor = ? COLLATE NOCASE", filter.actor);
  if (filter.action) add("action LIKE ? ESCAPE '\\'", `${escapeLike(filter.action)}%`);
  if (filter.target) add("target LIKE ? ESCAPE '\\'", `%${escapeLike(filter.target)}%`);
  if (filter.result) add("result = ?", filter.result);
  if (filter.from !== undefined) add("time >= ?", filter.from);
  if (filter.to !== undefined) add("time < ?", filter.to);
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", args };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toDto(row: AuditRow): AuditEntryDto {
  let params: unknown = {};
  try {
    params = JSON.parse(row.params);
  } catch {
    params = row.params;
  }
  return { ...row, time: new Date(row.time).toISOString(), params };
}

export function queryAudit(filter: AuditFilter, limit: number, offset: number): AuditPageDto {
  const { sql, args } = where(filter);
  const db = store().db;
  const total = (db.prepare(`SELECT count(*) AS n FROM audit ${sql}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM audit ${sql} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...args, limit, offset) as AuditRow[];
  return { entries: rows.map(toDto), total, limit, offset };
}

/**
 * Every matching entry, newest first, fetched 500 at a time by id: an export can be large, and an open
 * better-sqlite3 iterator would keep the connection busy for every other request while the client reads.
 */
export function* iterateAudit(filter: AuditFilter): Generator<AuditEntryDto> {
  const { sql, args } = where(filter);
  const page = store().db.prepare(
    `SELECT * FROM audit ${sql ? `${sql} AND` : "WHERE"} id < ? ORDER BY id DESC LIMIT 500`,
  );
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = page.all(...args, before) as AuditRow[];
    for (const row of rows) yield toDto(row);
    const last = rows[rows.length - 1];
    if (!last || rows.length < 500) return;
    before = last.id;
  }
}

export interface AuditedAction {
  actor: string;
  via: string;
  address: string;
  action: string;
  target: string;
  params?: unknown;
}

/** Runs a change and records how it ended: ok, or the error with its status and Docker's own message. */
export async function audited<T>(what: AuditedAction, fn: () => Promise<T>, okStatus = 200): Promise<T> {
  try {
    const result = await fn();
    recordAudit({ ...what, result: "ok", status: okStatus });
    return result;
  } catch (err) {
    const e = err as { code?: keyof typeof errorStatus; message?: string; detail?: string | null };
    const status = e.code && e.code in errorStatus ? errorStatus[e.code] : 500;
    const error = [e.message ?? String(err), e.detail].filter(Boolean).join(" | ");
    recordAudit({ ...what, result: "error", status, error });
    markAudited(err);
    throw err;
  }
}
