// Failed sign-ins per address, with explicit times: blocked after the limit with a Retry-After that counts
// down to when the oldest failure ages out, other addresses untouched, a sliding window, a reset on success,
// and the limits taken from the environment.
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { checkLoginAllowed, clearLoginFailures, recordLoginFailure } from "./rate-limit";

const WINDOW = 15 * 60_000;
const T0 = Date.parse("2026-05-01T08:00:00Z");
let serial = 0;
/** A fresh address per test: the failures live in one process-wide map. */
const address = () => `192.0.2.${++serial}`;

afterEach(() => {
  delete process.env.NETATLAS_LOGIN_MAX_FAILURES;
  delete process.env.NETATLAS_LOGIN_WINDOW_MS;
});

function refusal(addr: string, t: number): AppError {
  try {
    checkLoginAllowed(addr, t);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`expected ${addr} to be refused at ${t}`);
}

/** Records `n` failures one second apart from `start`. */
function fail(addr: string, n: number, start = T0): void {
  for (let i = 0; i < n; i++) recordLoginFailure(addr, start + i * 1000);
}

describe("checkLoginAllowed", () => {
  it("allows four failures, refuses after the fifth with 429 and a Retry-After", () => {
    const a = address();
    fail(a, 4);
    expect(() => checkLoginAllowed(a, T0 + 4000)).not.toThrow();
    recordLoginFailure(a, T0 + 4000);
    const err = refusal(a, T0 + 4000);
    expect(err.code).toBe("too_many_requests");
    // The oldest failure (T0) ages out at T0 + 15 min: 896 s from T0 + 4 s.
    expect(err.retryAfter).toBe(896);
    expect(err.message).toContain(a);
    expect(err.message).toContain("896 s");
  });

  it("does not affect another address", () => {
    const a = address();
    const b = address();
    fail(a, 5);
    expect(refusal(a, T0 + 5000).code).toBe("too_many_requests");
    expect(() => checkLoginAllowed(b, T0 + 5000)).not.toThrow();
  });

  it("allows again once the oldest failure leaves the window, and counts the window sliding", () => {
    const a = address();
    fail(a, 5);
    const last = refusal(a, T0 + WINDOW - 1);
    expect(last.retryAfter).toBe(1);
    // At T0 + WINDOW the first failure has aged out: four remain.
    expect(() => checkLoginAllowed(a, T0 + WINDOW)).not.toThrow();
    // One more failure makes five in the window again.
    recordLoginFailure(a, T0 + WINDOW);
    expect(refusal(a, T0 + WINDOW).code).toBe("too_many_requests");
    // Long after, everything has aged out.
    expect(() => checkLoginAllowed(a, T0 + 3 * WINDOW)).not.toThrow();
  });

  it("keeps refusing (without counting the refusals) until the window passes", () => {
    const a = address();
    fail(a, 5);
    for (let i = 0; i < 20; i++) refusal(a, T0 + 10_000 + i);
    expect(() => checkLoginAllowed(a, T0 + WINDOW + 4000)).not.toThrow();
  });

  it("is reset by clearLoginFailures (a successful sign-in)", () => {
    const a = address();
    fail(a, 5);
    expect(refusal(a, T0 + 5000).code).toBe("too_many_requests");
    clearLoginFailures(a);
    expect(() => checkLoginAllowed(a, T0 + 5000)).not.toThrow();
    fail(a, 4, T0 + 6000);
    expect(() => checkLoginAllowed(a, T0 + 10_000)).not.toThrow();
  });
});

describe("limits from the environment", () => {
  it("follows NETATLAS_LOGIN_MAX_FAILURES and NETATLAS_LOGIN_WINDOW_MS", () => {
    process.env.NETATLAS_LOGIN_MAX_FAILURES = "2";
    process.env.NETATLAS_LOGIN_WINDOW_MS = "10000";
    const a = address();
    recordLoginFailure(a, T0);
    expect(() => checkLoginAllowed(a, T0)).not.toThrow();
    recordLoginFailure(a, T0 + 2000);
    const err = refusal(a, T0 + 2500);
    expect(err.retryAfter).toBe(8);
    expect(() => checkLoginAllowed(a, T0 + 10_000)).not.toThrow();
  });

  it("rounds Retry-After up and never answers less than 1 s", () => {
    process.env.NETATLAS_LOGIN_MAX_FAILURES = "1";
    process.env.NETATLAS_LOGIN_WINDOW_MS = "1500";
    const a = address();
    recordLoginFailure(a, T0);
    expect(refusal(a, T0).retryAfter).toBe(2);
    expect(refusal(a, T0 + 1499).retryAfter).toBe(1);
  });

  it("falls back to 5 failures in 15 minutes for nonsense values", () => {
    process.env.NETATLAS_LOGIN_MAX_FAILURES = "lots";
    process.env.NETATLAS_LOGIN_WINDOW_MS = "-1";
    const a = address();
    fail(a, 4);
    expect(() => checkLoginAllowed(a, T0 + 4000)).not.toThrow();
    recordLoginFailure(a, T0 + 4000);
    expect(refusal(a, T0 + 4000).retryAfter).toBe(896);
  });
});
