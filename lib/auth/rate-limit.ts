// Failed sign-ins (and setup attempts), counted twice: per client address (IPv6 clients by their /64) and per
// account. After too many in the window, every further try on that address or that account is answered 429
// with Retry-After until the oldest failure ages out.
//
// An attempt is reserved before the password is checked (the check is slow, scrypt): parallel attempts all
// see the reservations of the ones before them, so 200 at once still get at most the allowed number of
// password checks. A wrong password keeps its reservation as a failure; a right one gives its reservation
// back and clears that account's failures only: one account's success never clears another's, nor the
// address's. In memory, swept of old entries: a restart forgets (documented in docs/security.md).
import "server-only";
import { AppError } from "@/lib/api/errors";
import { loginLimit } from "./settings";

interface Entry {
  at: number;
}

interface Limiter {
  lists: Map<string, Entry[]>;
  sweptAt: number;
}

const holder = globalThis as typeof globalThis & { __netatlasLoginLimiter?: Limiter };

function limiter(): Limiter {
  holder.__netatlasLoginLimiter ??= { lists: new Map(), sweptAt: 0 };
  return holder.__netatlasLoginLimiter;
}

/** Keys kept at most; beyond it (after a sweep) the oldest keys are forgotten first. */
const MAX_KEYS = 100_000;
const SWEEP_EVERY_MS = 60_000;

/** The part of an address that one client controls: the whole IPv4 address, an IPv6 address's /64. */
export function addressGroup(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!bare.includes(":")) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const [head = "", tail = ""] = bare.split("::");
  const left = head ? head.split(":") : [];
  const right = bare.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = bare.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  const prefix = groups.slice(0, 4).map((g) => (Number.parseInt(g, 16) || 0).toString(16));
  return `${prefix.join(":")}::/64`;
}

function sweep(t: number, windowMs: number): void {
  const l = limiter();
  if (Math.abs(t - l.sweptAt) < SWEEP_EVERY_MS && l.lists.size < MAX_KEYS) return;
  l.sweptAt = t;
  for (const [key, list] of l.lists) {
    if (!list.some((e) => t - e.at < windowMs)) l.lists.delete(key);
  }
  for (const key of l.lists.keys()) {
    if (l.lists.size <= MAX_KEYS) break;
    l.lists.delete(key);
  }
}

function recent(key: string, t: number, windowMs: number): Entry[] {
  const l = limiter();
  const list = (l.lists.get(key) ?? []).filter((e) => t - e.at < windowMs);
  if (list.length) l.lists.set(key, list);
  else l.lists.delete(key);
  return list;
}

function remove(key: string, entry: Entry): void {
  const list = limiter().lists.get(key);
  if (!list) return;
  const i = list.indexOf(entry);
  if (i >= 0) list.splice(i, 1);
  if (!list.length) limiter().lists.delete(key);
}

export interface LoginAttempt {
  /** The password (or setup token) was wrong: the reservation stays, as a failure. */
  failed(): void;
  /** It was right: the reservation is given back and the account's own failures are cleared. */
  succeeded(): void;
}

export interface AttemptKeys {
  address: string;
  /** The account tried (user name, any case); none for setup. */
  account?: string;
}

/** Which limit refused, for the audit log and the answer. */
export type LimitedBy = "address" | "account";

export class LoginLimited extends AppError {
  constructor(
    readonly by: LimitedBy,
    message: string,
    retryAfter: number,
  ) {
    super("too_many_requests", message, null, { retryAfter });
  }
}

/**
 * Reserves one attempt for this address and account, or throws LoginLimited (429) when either has used up
 * its failures. Synchronous: the reservation is in place before the caller's first await.
 */
export function reserveLoginAttempt(keys: AttemptKeys, t = Date.now()): LoginAttempt {
  const limits = loginLimit();
  sweep(t, limits.windowMs);
  const addressKey = `address ${addressGroup(keys.address)}`;
  const accountKey = keys.account === undefined ? null : `account ${keys.account.toLowerCase()}`;
  const checks: [string, LimitedBy, number][] = [[addressKey, "address", limits.failures]];
  if (accountKey) checks.push([accountKey, "account", limits.accountFailures]);
  for (const [key, by, max] of checks) {
    const list = recent(key, t, limits.windowMs);
    if (list.length >= max) {
      const retryAfter = Math.max(1, Math.ceil(((list[0]?.at ?? t) + limits.windowMs - t) / 1000));
      const whose = by === "address" ? `from ${keys.address}` : `for the account "${keys.account ?? ""}"`;
      throw new LoginLimited(
        by,
        `Too many failed sign-ins ${whose}; try again in ${retryAfter} s.`,
        retryAfter,
      );
    }
  }
  const entry: Entry = { at: t };
  for (const [key] of checks) limiter().lists.set(key, [...(limiter().lists.get(key) ?? []), entry]);
  let settled = false;
  return {
    failed() {
      settled = true;
    },
    succeeded() {
      if (settled) return;
      settled = true;
      remove(addressKey, entry);
      if (accountKey) limiter().lists.delete(accountKey);
    },
  };
}

/** How many keys the limiter holds (for tests of the sweep). */
export function loginLimiterSize(): number {
  return limiter().lists.size;
}
