// What one viewer (or the anonymous viewer, or a token) can make this server do, and the server in total: open
// live streams per principal and overall, child processes (nsenter, ip, the host-facts script) server-wide, and
// reads that list a whole engine per request, per principal. Beyond a limit the answer is 429 with Retry-After
// and a sentence saying which limit and what to do. Settings are read from the environment on every call (so
// a test can change them); defaults and meaning are in docs/security.md ("Limits").
import "server-only";
import { AppError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/guard";
// One grouping of client addresses for every limit: the sign-in limit's (IPv4 whole, IPv6 by /64).
import { addressGroup } from "@/lib/auth/rate-limit";
import { Semaphore, SemaphoreBusy } from "./semaphore";
import { StreamSlots } from "./stream-slots";
import { TokenBuckets } from "./token-bucket";

function positive(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  const value = raw ? Number(raw) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export interface Limits {
  /** Live streams one principal may hold open (NETATLAS_MAX_STREAMS_PER_CLIENT). */
  streamsPerClient: number;
  /** Live streams the server holds open in total (NETATLAS_MAX_STREAMS). */
  streams: number;
  /** Child processes running at once, server-wide (NETATLAS_MAX_PROCESSES). */
  processes: number;
  /** How long a process waits for its turn before the request is answered 429 (NETATLAS_PROCESS_WAIT_MS). */
  processWaitMs: number;
  /** Full-listing reads one principal may make at once (NETATLAS_LISTING_BURST)… */
  listingBurst: number;
  /** …and per minute after that (NETATLAS_LISTING_PER_MINUTE). */
  listingPerMinute: number;
  /** How long one reading of a host's Linux layer answers GET /api/hosts (NETATLAS_HOSTS_TTL_MS). */
  hostsTtlMs: number;
  /** Probes (POST /api/probes) one principal may run at once (NETATLAS_MAX_PROBES_PER_USER). */
  probesPerUser: number;
  /** Probes running at once on the server (NETATLAS_MAX_PROBES). */
  probes: number;
}

export function limits(): Limits {
  return {
    streamsPerClient: Math.floor(positive("NETATLAS_MAX_STREAMS_PER_CLIENT", 20)),
    streams: Math.floor(positive("NETATLAS_MAX_STREAMS", 500)),
    processes: Math.floor(positive("NETATLAS_MAX_PROCESSES", 16)),
    processWaitMs: positive("NETATLAS_PROCESS_WAIT_MS", 5000),
    listingBurst: positive("NETATLAS_LISTING_BURST", 60),
    listingPerMinute: positive("NETATLAS_LISTING_PER_MINUTE", 60),
    hostsTtlMs: positive("NETATLAS_HOSTS_TTL_MS", 2000),
    probesPerUser: Math.floor(positive("NETATLAS_MAX_PROBES_PER_USER", 3)),
    probes: Math.floor(positive("NETATLAS_MAX_PROBES", 6)),
  };
}

/** Waiting callers beyond this many are refused at once rather than queued. */
const MAX_PROCESS_WAITERS = 256;
/** What a refused stream or busy server tells the client to wait, s. */
const STREAM_RETRY_S = 10;
const PROCESS_RETRY_S = 2;
const PROBE_RETRY_S = 5;

/** Whom a limit counts against: the user behind a session, the token, or the anonymous viewer's address. */
export function principalKey(p: Principal): string {
  if (p.kind === "token") return `token:${p.tokenId}`;
  if (p.kind === "session") return `user:${p.user?.id ?? p.sessionId}`;
  return `address:${addressGroup(p.address)}`;
}

interface LimitState {
  streams: StreamSlots;
  probes: StreamSlots;
  listings: TokenBuckets;
  processes: Semaphore;
}

// One per server process (on globalThis, like the live hub: every route bundle must share the counts).
const STATE = Symbol.for("netatlas.http.limits");
type GlobalWithLimits = typeof globalThis & { [STATE]?: LimitState };

function state(): LimitState {
  const g = globalThis as GlobalWithLimits;
  g[STATE] ??= {
    streams: new StreamSlots(() => {
      const l = limits();
      return { perClient: l.streamsPerClient, total: l.streams };
    }),
    probes: new StreamSlots(() => {
      const l = limits();
      return { perClient: l.probesPerUser, total: l.probes };
    }),
    listings: new TokenBuckets(() => {
      const l = limits();
      return { burst: l.listingBurst, perMinute: l.listingPerMinute };
    }),
    processes: new Semaphore({
      limit: () => limits().processes,
      waitMs: () => limits().processWaitMs,
      maxWaiting: () => MAX_PROCESS_WAITERS,
    }),
  };
  return g[STATE];
}

/** Takes a live-stream slot for `p` or throws 429; the returned function gives it back (once). */
export function openStreamSlot(p: Principal): () => void {
  const slot = state().streams.take(principalKey(p));
  if (slot.ok) return slot.release;
  const message =
    slot.reason === "per_client"
      ? `Too many live streams open for you (${slot.open} of ${slot.max}, NETATLAS_MAX_STREAMS_PER_CLIENT): close some Netatlas tabs, or try again in ${STREAM_RETRY_S} s.`
      : `This server has its maximum of ${slot.max} live streams open (NETATLAS_MAX_STREAMS); try again in ${STREAM_RETRY_S} s.`;
  throw new AppError("too_many_requests", message, null, { retryAfter: STREAM_RETRY_S });
}

/**
 * Takes a probe slot for `p` (NETATLAS_MAX_PROBES_PER_USER, NETATLAS_MAX_PROBES) or throws 429; the returned
 * function gives it back (once). A probe holds its slot until it ends (10 s at most), with its processes or
 * helper container: at most two processes per probe, so probes are bounded here and never wait for the
 * host reads' process slots (NETATLAS_MAX_PROCESSES), which would eat into their 10 s.
 */
export function openProbeSlot(p: Principal): () => void {
  const slot = state().probes.take(principalKey(p));
  if (slot.ok) return slot.release;
  const message =
    slot.reason === "per_client"
      ? `You already have ${slot.open} probes running (at most ${slot.max}, NETATLAS_MAX_PROBES_PER_USER): wait for one to end, a probe lasts 10 s at most.`
      : `This server is running its maximum of ${slot.max} probes (NETATLAS_MAX_PROBES); try again in ${PROBE_RETRY_S} s.`;
  throw new AppError("too_many_requests", message, null, { retryAfter: PROBE_RETRY_S });
}

/** Counts one read that lists a whole engine against `p`'s bucket, or throws 429 with when to come back. */
export function chargeListing(p: Principal, what: string): void {
  const taken = state().listings.take(principalKey(p));
  if (taken.ok) return;
  const retryAfter = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
  const { listingBurst, listingPerMinute } = limits();
  throw new AppError(
    "too_many_requests",
    `Too many ${what} reads: each lists every engine, so they are limited to ${listingBurst} at once and ${listingPerMinute} a minute per user (NETATLAS_LISTING_BURST, NETATLAS_LISTING_PER_MINUTE); try again in ${retryAfter} s.`,
    null,
    { retryAfter },
  );
}

/**
 * Runs `fn` (which starts a child process) once one of the server's NETATLAS_MAX_PROCESSES slots is free;
 * a caller that finds no slot within NETATLAS_PROCESS_WAIT_MS (or too many waiting) gets 429.
 */
export async function withProcessSlot<T>(fn: () => Promise<T>): Promise<T> {
  let release: () => void;
  try {
    release = await state().processes.acquire();
  } catch (err) {
    if (!(err instanceof SemaphoreBusy)) throw err;
    throw new AppError(
      "too_many_requests",
      `This server is busy running commands (host reads, lab steps): ${err.running} are running (NETATLAS_MAX_PROCESSES) and ${err.waiting} waiting; try again in ${PROCESS_RETRY_S} s.`,
      null,
      { retryAfter: PROCESS_RETRY_S },
    );
  }
  try {
    return await fn();
  } finally {
    release();
  }
}

/** The live counts, for tests and diagnostics. */
export function limitCounts(): {
  streams: number;
  probes: number;
  processesRunning: number;
  processesWaiting: number;
} {
  const s = state();
  return {
    streams: s.streams.openTotal,
    probes: s.probes.openTotal,
    processesRunning: s.processes.running,
    processesWaiting: s.processes.waiting,
  };
}

/**
 * Refuses a POST that only signed-in people may send although it needs no more than "read" (resync): the
 * anonymous viewer changes nothing. Answered like any change without credentials (401), and audited.
 */
export function refuseAnonymous(_request: Request, p: Principal, _action: string): void {
  if (p.kind !== "anonymous") return;
  // respond(request, …) writes the refusal to the audit log, within the caps on refusals, with the guard's
  // who and action.
  throw new AppError(
    "unauthenticated",
    "Sign in first: the anonymous viewer sees everything but changes nothing, not even a resync.",
  );
}
