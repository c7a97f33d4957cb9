// Failed sign-ins per address and per account, with explicit times: blocked after the limit with a
// Retry-After that counts down to when the oldest failure ages out, other addresses untouched, a sliding
// window, reservations made before the (slow) password check, a success that clears only its own account,
// IPv6 clients grouped by /64, old entries swept, and the limits taken from the environment.
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { addressGroup, LoginLimited, loginLimiterSize, reserveLoginAttempt } from "./rate-limit";

const WINDOW = 15 * 60_000;
const T0 = Date.parse("2026-05-01T08:00:00Z");
let serial = 0;
/** A fresh address and account per test: the counts live in one process-wide map. */
const address = () => `192.0.2.${++serial}`;
const account = () => `user${++serial}`;

afterEach(() => {
  delete process.env.NETATLAS_LOGIN_MAX_FAILURES;
  delete process.env.NETATLAS_LOGIN_MAX_ACCOUNT_FAILURES;
  delete process.env.NETATLAS_LOGIN_WINDOW_MS;
});

function refusal(addr: string, t: number, acct?: string): LoginLimited {
  try {
    reserveLoginAttempt({ address: addr, account: acct }, t).succeeded();
  } catch (err) {
    if (err instanceof LoginLimited) return err;
    throw err;
  }
  throw new Error(`expected ${addr}/${acct} to be refused at ${t}`);
}

const allowed = (addr: string, t: number, acct?: string) => () =>
  reserveLoginAttempt({ address: addr, account: acct }, t).succeeded();

/** Records `n` failures one second apart from `start`. */
function fail(addr: string, n: number, start = T0, acct?: string): void {
  for (let i = 0; i < n; i++)
    reserveLoginAttempt({ address: addr, account: acct }, start + i * 1000).failed();
}

describe("per address", () => {
  it("allows four failures, refuses after the fifth with 429 and a Retry-After", () => {
    const a = address();
    fail(a, 4);
    expect(allowed(a, T0 + 4000)).not.toThrow();
    fail(a, 1, T0 + 4000);
    const err = refusal(a, T0 + 4000);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("too_many_requests");
    expect(err.by).toBe("address");
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
    expect(allowed(b, T0 + 5000)).not.toThrow();
  });

  it("allows again once the oldest failure leaves the window, and counts the window sliding", () => {
    const a = address();
    fail(a, 5);
    expect(refusal(a, T0 + WINDOW - 1).retryAfter).toBe(1);
    expect(allowed(a, T0 + WINDOW)).not.toThrow();
    fail(a, 1, T0 + WINDOW);
    expect(refusal(a, T0 + WINDOW).code).toBe("too_many_requests");
    expect(allowed(a, T0 + 3 * WINDOW)).not.toThrow();
  });

  it("keeps refusing (without counting the refusals) until the window passes", () => {
    const a = address();
    fail(a, 5);
    for (let i = 0; i < 20; i++) refusal(a, T0 + 10_000 + i);
    expect(allowed(a, T0 + WINDOW + 4000)).not.toThrow();
  });
});

describe("reservations: the check happens before the password is", () => {
  it("counts attempts still being checked: of 200 at once, only the allowed 5 get through", () => {
    const a = address();
    const acct = account();
    const through: ReturnType<typeof reserveLoginAttempt>[] = [];
    let refused = 0;
    for (let i = 0; i < 200; i++) {
      try {
        through.push(reserveLoginAttempt({ address: a, account: acct }, T0));
      } catch (err) {
        if (!(err instanceof LoginLimited)) throw err;
        refused++;
      }
    }
    expect(through).toHaveLength(5);
    expect(refused).toBe(195);
    for (const attempt of through) attempt.failed();
    expect(refusal(a, T0 + 1).code).toBe("too_many_requests");
  });

  it("gives a successful attempt's reservation back", () => {
    const a = address();
    const acct = account();
    fail(a, 4, T0, acct);
    reserveLoginAttempt({ address: a, account: acct }, T0 + 5000).succeeded();
    expect(allowed(a, T0 + 6000, account())).not.toThrow();
  });
});

describe("per account: one account's success never clears another's failures", () => {
  it("refuses the 4-wrong-1-right cycle against another account (the bypass)", () => {
    const a = address();
    const victim = account();
    const own = account();
    process.env.NETATLAS_LOGIN_MAX_FAILURES = "5";
    // 4 wrong on the victim, 1 right on one's own account: the address's failures stay.
    fail(a, 4, T0, victim);
    reserveLoginAttempt({ address: a, account: own }, T0 + 4000).succeeded();
    fail(a, 1, T0 + 5000, victim);
    expect(refusal(a, T0 + 6000, victim).by).toBe("address");
    expect(refusal(a, T0 + 6000, own).by).toBe("address");
  });

  it("limits an account tried from many addresses, and says so", () => {
    const victim = account();
    for (let i = 0; i < 10; i++) fail(address(), 1, T0 + i, victim);
    const err = refusal(address(), T0 + 100, victim);
    expect(err.by).toBe("account");
    expect(err.message).toContain(victim);
    // Another account from a fresh address is not touched, and the account limit ignores case.
    expect(allowed(address(), T0 + 100, account())).not.toThrow();
    expect(refusal(address(), T0 + 100, victim.toUpperCase()).by).toBe("account");
  });

  it("lets the account's own success clear its own failures", () => {
    const victim = account();
    for (let i = 0; i < 9; i++) fail(address(), 1, T0 + i, victim);
    reserveLoginAttempt({ address: address(), account: victim }, T0 + 20).succeeded();
    for (let i = 0; i < 9; i++) fail(address(), 1, T0 + 30 + i, victim);
    expect(allowed(address(), T0 + 50, victim)).not.toThrow();
  });
});

describe("addressGroup: IPv6 clients by /64", () => {
  it("groups addresses of one /64 and keeps IPv4 whole", () => {
    expect(addressGroup("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressGroup("2001:db8:1:2:ffff:ffff:ffff:fffe")).toBe("2001:db8:1:2::/64");
    expect(addressGroup("2001:0db8:0001:0003::1")).toBe("2001:db8:1:3::/64");
    expect(addressGroup("::1")).toBe("0:0:0:0::/64");
    expect(addressGroup("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressGroup("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(addressGroup("192.0.2.7")).toBe("192.0.2.7");
  });

  it("counts every address of a /64 against one limit", () => {
    const prefix = `2001:db8:${++serial}:1`;
    for (let i = 1; i <= 5; i++) fail(`${prefix}::${i}`, 1, T0 + i);
    expect(refusal(`${prefix}:ffff::9`, T0 + 10).by).toBe("address");
    expect(allowed(`2001:db8:${serial}:2::1`, T0 + 10)).not.toThrow();
  });
});

describe("sweeping", () => {
  it("forgets addresses and accounts whose failures have all aged out", () => {
    const before = loginLimiterSize();
    for (let i = 0; i < 50; i++) fail(address(), 1, T0, account());
    expect(loginLimiterSize()).toBeGreaterThanOrEqual(before + 100);
    // Long after the window, the next attempt sweeps everything old (its own reservation is given back).
    allowed(address(), T0 + 10 * WINDOW)();
    expect(loginLimiterSize()).toBeLessThanOrEqual(1);
  });
});

describe("limits from the environment", () => {
  it("follows NETATLAS_LOGIN_MAX_FAILURES, _MAX_ACCOUNT_FAILURES and _WINDOW_MS", () => {
    process.env.NETATLAS_LOGIN_MAX_FAILURES = "2";
    process.env.NETATLAS_LOGIN_MAX_ACCOUNT_FAILURES = "3";
    process.env.NETATLAS_LOGIN_WINDOW_MS = "10000";
    const a = address();
    fail(a, 1, T0);
    expect(allowed(a, T0)).not.toThrow();
    fail(a, 1, T0 + 2000);
    expect(refusal(a, T0 + 2500).retryAfter).toBe(8);
    expect(allowed(a, T0 + 10_000)).not.toThrow();
    const acct = account();
    for (let i = 0; i < 3; i++) fail(address(), 1, T0 + i, acct);
    expect(refusal(address(), T0 + 5, acct).by).toBe("account");
  });

  it("rounds Retry-After up and never answers less than 1 s", () => {
    process.env.NETATLAS_LOGIN_MAX_FAILURES = "1";
    process.env.NETATLAS_LOGIN_WINDOW_MS = "1500";
    const a = address();
    fail(a, 1, T0);
    expect(refusal(a, T0).retryAfter).toBe(2);
    expect(refusal(a, T0 + 1499).retryAfter).toBe(1);
  });

  it("falls back to 5 failures in 15 minutes for nonsense values", () => {
    process.env.NETATLAS_LOGIN_MAX_FAILURES = "lots";
    process.env.NETATLAS_LOGIN_WINDOW_MS = "-1";
    const a = address();
    fail(a, 4);
    expect(allowed(a, T0 + 4000)).not.toThrow();
    fail(a, 1, T0 + 4000);
    expect(refusal(a, T0 + 4000).retryAfter).toBe(896);
  });
});
