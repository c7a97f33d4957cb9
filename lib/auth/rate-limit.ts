// Failed sign-ins (and setup attempts) per client address: after too many in the window, every further try
// from that address is answered 429 with Retry-After until the oldest failure ages out. In memory: a restart
// forgets, which is acceptable for a single-process dashboard (documented in docs/security.md).
import "server-only";
import { AppError } from "@/lib/api/errors";
import { loginLimit } from "./settings";

const holder = globalThis as typeof globalThis & { __netatlasFailures?: Map<string, number[]> };

function failures(): Map<string, number[]> {
  holder.__netatlasFailures ??= new Map();
  return holder.__netatlasFailures;
}

function recent(address: string, t: number): number[] {
  const { windowMs } = loginLimit();
  const list = (failures().get(address) ?? []).filter((at) => t - at < windowMs);
  if (list.length) failures().set(address, list);
  else failures().delete(address);
  return list;
}

/** Throws 429 when the address has used up its failures. */
export function checkLoginAllowed(address: string, t = Date.now()): void {
  const { failures: max, windowMs } = loginLimit();
  const list = recent(address, t);
  if (list.length >= max) {
    const retryAfter = Math.max(1, Math.ceil(((list[0] ?? t) + windowMs - t) / 1000));
    throw new AppError(
      "too_many_requests",
      `Too many failed sign-ins from ${address}; try again in ${retryAfter} s.`,
      null,
      { retryAfter },
    );
  }
}

export function recordLoginFailure(address: string, t = Date.now()): void {
  failures().set(address, [...recent(address, t), t]);
}

export function clearLoginFailures(address: string): void {
  failures().delete(address);
}
