// Refusals (a change refused before or by the guard, a failed or rate-limited sign-in) go to the audit log
// through here, so that nobody can fill the disk with them: every text is cut to a few hundred characters,
// and per minute only the first few refusals of each client address (IPv6 by /64) and the first hundred in
// all are written whole. The rest of that minute is counted and written as one summary per address ("N more
// refusals like these"), or, past the minute's budget, one summary for everyone. So 10,000 refusals cost a
// handful of rows, and the log still says how many there were, from where, and which actions.
import "server-only";
import { type AuditRecord, recordAudit } from "./audit";
import { store } from "./db";
import { addressGroup } from "./rate-limit";

/** Rows written whole per client address, answer status and minute. */
export const REFUSALS_PER_ADDRESS = 5;
/** Rows (whole refusals and per-address summaries) per minute for all clients together. */
export const REFUSALS_PER_MINUTE = 100;
/** Client addresses remembered per minute; beyond, refusals count into the minute's global summary. */
const ADDRESSES_PER_MINUTE = 10_000;
/** Distinct actions remembered per summary. */
const ACTIONS_PER_SUMMARY = 10;

const TEXT_MAX = 200;
const ERROR_MAX = 500;
const PARAMS_MAX = 1024;

/** A text cut to `max` characters, saying how much was left out. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

interface Tally {
  count: number;
  actions: Map<string, number>;
}

interface Minute {
  /** The data folder it counts for (only tests change folders while running). */
  dir: string;
  start: number;
  rows: number;
  byAddress: Map<string, { written: number; overflow: Tally }>;
  global: Tally & { addresses: Set<string> };
  timer: ReturnType<typeof setTimeout> | null;
}

const holder = globalThis as typeof globalThis & { __netatlasRefusals?: Minute };

function newMinute(dir: string, start: number): Minute {
  return {
    dir,
    start,
    rows: 0,
    byAddress: new Map(),
    global: { count: 0, actions: new Map(), addresses: new Set() },
    timer: null,
  };
}

function tally(t: Tally, action: string): void {
  t.count++;
  if (t.actions.has(action) || t.actions.size < ACTIONS_PER_SUMMARY) {
    t.actions.set(action, (t.actions.get(action) ?? 0) + 1);
  }
}

function actionsOf(t: Tally): Record<string, number> {
  return Object.fromEntries([...t.actions].sort((a, b) => b[1] - a[1]));
}

function summary(
  address: string,
  status: number,
  minute: Minute,
  t: Tally,
  extra: Record<string, unknown> = {},
): AuditRecord {
  const from = new Date(minute.start).toISOString();
  return {
    actor: "-",
    via: "none",
    address,
    action: "audit.refusals",
    target: `refusals from ${address}`,
    params: { count: t.count, minute: from, actions: actionsOf(t), ...extra },
    result: "denied",
    status,
    error: `${t.count} more refused requests in the minute from ${from} were counted, not written one by one.`,
  };
}

/** Writes the summaries of a minute that is over. */
function flush(minute: Minute): void {
  if (minute.timer) clearTimeout(minute.timer);
  minute.timer = null;
  for (const [key, a] of minute.byAddress) {
    if (!a.overflow.count) continue;
    const address = key.slice(0, key.lastIndexOf(" "));
    const status = Number(key.slice(key.lastIndexOf(" ") + 1));
    if (minute.rows < REFUSALS_PER_MINUTE) {
      recordAudit(summary(address, status, minute, a.overflow));
      minute.rows++;
    } else {
      for (const [action, n] of a.overflow.actions) {
        minute.global.actions.set(action, (minute.global.actions.get(action) ?? 0) + n);
      }
      minute.global.count += a.overflow.count;
      minute.global.addresses.add(address);
    }
    a.overflow = { count: 0, actions: new Map() };
  }
  if (minute.global.count) {
    recordAudit(
      summary("many", 429, minute, minute.global, {
        addresses: minute.global.addresses.size,
        someAddresses: [...minute.global.addresses].slice(0, 10),
      }),
    );
    minute.global = { count: 0, actions: new Map(), addresses: new Set() };
  }
}

function current(t: number): Minute {
  const start = t - (t % 60_000);
  const dir = store().dir;
  const m = holder.__netatlasRefusals;
  if (m && m.start === start && m.dir === dir) return m;
  if (m && m.dir === dir) flush(m);
  else if (m?.timer) clearTimeout(m.timer);
  holder.__netatlasRefusals = newMinute(dir, start);
  return holder.__netatlasRefusals;
}

function capped(entry: AuditRecord): AuditRecord {
  let params = entry.params;
  if (params !== undefined) {
    const text = JSON.stringify(params) ?? "";
    if (text.length > PARAMS_MAX) params = { cut: cut(text, PARAMS_MAX) };
  }
  return {
    ...entry,
    actor: cut(entry.actor, TEXT_MAX),
    address: cut(entry.address, TEXT_MAX),
    action: cut(entry.action, TEXT_MAX),
    target: cut(entry.target, TEXT_MAX),
    params,
    error: entry.error == null ? entry.error : cut(entry.error, ERROR_MAX),
  };
}

/** Records a refusal (result "denied"), within the caps above. */
export function recordRefusal(entry: AuditRecord, t = Date.now()): void {
  const e = capped(entry);
  const minute = current(t);
  const group = `${addressGroup(e.address)} ${e.status}`;
  let a = minute.byAddress.get(group);
  if (!a && minute.byAddress.size < ADDRESSES_PER_MINUTE) {
    a = { written: 0, overflow: { count: 0, actions: new Map() } };
    minute.byAddress.set(group, a);
  }
  if (a && a.written < REFUSALS_PER_ADDRESS && minute.rows < REFUSALS_PER_MINUTE) {
    a.written++;
    minute.rows++;
    recordAudit(e);
    return;
  }
  if (a) tally(a.overflow, e.action);
  else {
    tally(minute.global, e.action);
    if (minute.global.addresses.size < 10) minute.global.addresses.add(group);
  }
  // The summary is written when the minute is over, even if no refusal comes after it.
  if (!minute.timer) {
    minute.timer = setTimeout(
      () => {
        if (holder.__netatlasRefusals === minute) holder.__netatlasRefusals = undefined;
        flush(minute);
      },
      Math.max(0, minute.start + 60_000 - Date.now()) + 1000,
    );
    minute.timer.unref?.();
  }
}

/** Writes whatever is counted and not written yet (tests, and the server's shutdown). */
export function flushRefusals(): void {
  const m = holder.__netatlasRefusals;
  holder.__netatlasRefusals = undefined;
  if (m) flush(m);
}
