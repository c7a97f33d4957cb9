// The sign-in and refusal paths under abuse, through the real route handlers: 200 parallel wrong sign-ins
// cost at most the allowed number of password checks, the 4-wrong-1-right cycle against another account is
// stopped, 429s are in the audit log, and 10,000 unauthenticated refusals with long paths grow the database
// by less than 1 MiB while the log still says how many there were.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as createNetwork } from "@/app/api/networks/route";
import { queryAudit } from "@/lib/auth/audit";
import { flushRefusals, REFUSALS_PER_ADDRESS } from "@/lib/auth/audit-refusals";
import { store } from "@/lib/auth/db";
import { verifyPassword } from "@/lib/auth/passwords";
import { PEER_HEADER, PEER_KEY_HEADER } from "@/lib/auth/request";
import { TEST_PASSWORD, type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { call, useIdentities } from "@/lib/testing/routes";

vi.mock("@/lib/auth/passwords", async (original) => {
  const real = await original<typeof import("@/lib/auth/passwords")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const KEY = "abuse-test-peer-key";
const from = (address: string) => ({ [PEER_HEADER]: address, [PEER_KEY_HEADER]: KEY });
let serial = 0;
const freshAddress = () => `198.51.100.${++serial}`;

let ids: TestIdentities;

beforeEach(async () => {
  process.env.NETATLAS_PEER_KEY = KEY;
  ids = await testIdentities();
  useIdentities(ids);
});

afterEach(() => {
  flushRefusals();
  delete process.env.NETATLAS_PEER_KEY;
  ids.cleanup();
});

const signIn = (address: string, username: string, password: string) =>
  call<{ error?: { code: string; message: string } }>(
    login,
    "/api/auth/login",
    {},
    { method: "POST", as: "nobody", headers: from(address), body: { username, password } },
  );

describe("sign-in under load", () => {
  it("gives 200 parallel wrong sign-ins at most 5 password checks; the rest are 429", async () => {
    vi.mocked(verifyPassword).mockClear();
    const address = freshAddress();
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => signIn(address, "test-admin", "wrong password")),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(195);
    expect(verifyPassword).toHaveBeenCalledTimes(5);
  });

  it("stops guessing another account's password between one's own successful sign-ins", async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++)
        statuses.push((await signIn(address, "test-admin", `guess ${round}-${i}`)).status);
      statuses.push((await signIn(address, "test-viewer", TEST_PASSWORD)).status);
    }
    // Round 1: four 401s and a 200; then the fifth guess is the address's last allowed failure.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 200]);
    expect(statuses[5]).toBe(401);
    expect(statuses.slice(6)).toEqual(statuses.slice(6).map(() => 429));
  });

  it("writes the 429s to the audit log, saying which limit refused", async () => {
    const address = freshAddress();
    for (let i = 0; i < 6; i++) await signIn(address, "test-operator", "wrong password");
    const entries = queryAudit({ action: "auth.login", result: "denied" }, 50, 0).entries.filter(
      (e) => e.address === address,
    );
    expect(entries.filter((e) => e.status === 401)).toHaveLength(5);
    const limited = entries.find((e) => e.status === 429);
    expect(limited?.params).toEqual({ limitedBy: "address" });
    expect(limited?.error).toMatch(/Too many failed sign-ins/);
  });
});

describe("unauthenticated refusals", () => {
  function dbBytes(): number {
    store().db.pragma("wal_checkpoint(TRUNCATE)");
    return ["netatlas.db", "netatlas.db-wal"]
      .map((f) => path.join(ids.dir, f))
      .filter((f) => fs.existsSync(f))
      .reduce((sum, f) => sum + fs.statSync(f).size, 0);
  }

  it("grow the database by less than 1 MiB for 10,000 with 20 KB paths, and are still counted", async () => {
    // All in one minute of the refusal log (a run that crossed a minute would write 5 more whole): the clock
    // stands at the start of a minute, timers run as usual.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse("2026-12-01T10:00:00Z"));
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const address = freshAddress();
    const before = dbBytes();
    const long = `/api/networks?${"x".repeat(20_000)}`;
    for (let i = 0; i < 10_000; i++) {
      const answer = await call(
        createNetwork,
        long,
        {},
        {
          method: "POST",
          as: "nobody",
          headers: { ...from(address), origin: "http://127.0.0.1", "content-type": "application/json" },
          body: { name: "x" },
        },
      );
      expect(answer.status).toBe(401);
    }
    flushRefusals();
    const grown = dbBytes() - before;
    expect(grown).toBeLessThan(1024 * 1024);
    const rows = queryAudit({ result: "denied" }, 100, 0).entries.filter((e) => e.address === address);
    const whole = rows.filter((e) => e.action !== "audit.refusals");
    expect(whole).toHaveLength(REFUSALS_PER_ADDRESS);
    for (const e of whole) expect(e.target.length).toBeLessThan(300);
    const counted = rows
      .filter((e) => e.action === "audit.refusals")
      .reduce((sum, e) => sum + Number((e.params as { count: number }).count), 0);
    expect(whole.length + counted).toBe(10_000);
  }, 120_000);
});
