// The sign-in and setup routes as a client meets them: repeated failures from one address get 429 with
// Retry-After (another address is not affected), ten simultaneous setups with the right token make exactly
// one admin, and logout ends the session for every later request.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as setup } from "@/app/api/auth/setup/route";
import { PEER_HEADER, PEER_KEY_HEADER } from "@/lib/auth/request";
import { SESSION_COOKIE } from "@/lib/auth/sessions";
import { issueSetupToken } from "@/lib/auth/setup";
import { countUsers } from "@/lib/auth/users";
import { TEST_PASSWORD, type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { call, useIdentities } from "@/lib/testing/routes";

const KEY = "route-test-peer-key";
const from = (address: string) => ({ [PEER_HEADER]: address, [PEER_KEY_HEADER]: KEY });

let ids: TestIdentities;

beforeEach(async () => {
  process.env.NETATLAS_PEER_KEY = KEY;
  ids = await testIdentities();
  useIdentities(ids);
});

afterEach(() => {
  delete process.env.NETATLAS_PEER_KEY;
  ids.cleanup();
});

describe("POST /api/auth/login", () => {
  it("answers 429 with Retry-After after five failures from one address, and only for that address", async () => {
    const attempt = (address: string, password: string) =>
      call<{ error?: { code: string } }>(
        login,
        "/api/auth/login",
        {},
        {
          method: "POST",
          as: "nobody",
          headers: from(address),
          body: { username: "test-admin", password },
        },
      );
    for (let i = 0; i < 5; i++) expect((await attempt("10.9.9.9", "wrong password")).status).toBe(401);
    const limited = await attempt("10.9.9.9", TEST_PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const other = await attempt("10.9.9.10", TEST_PASSWORD);
    expect(other.status).toBe(200);
    expect(other.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it("ignores an X-Forwarded-For a client sends to dodge the limit", async () => {
    for (let i = 0; i < 6; i++) {
      await call(
        login,
        "/api/auth/login",
        {},
        {
          method: "POST",
          as: "nobody",
          headers: { ...from("10.9.9.11"), "x-forwarded-for": `192.0.2.${i}` },
          body: { username: "test-admin", password: "wrong password" },
        },
      );
    }
    const answer = await call(
      login,
      "/api/auth/login",
      {},
      {
        method: "POST",
        as: "nobody",
        headers: { ...from("10.9.9.11"), "x-forwarded-for": "192.0.2.99" },
        body: { username: "test-admin", password: TEST_PASSWORD },
      },
    );
    expect(answer.status).toBe(429);
  });
});

describe("POST /api/auth/logout", () => {
  it("ends the session for every later request", async () => {
    expect((await call(me, "/api/auth/me", {}, { as: "operator" })).status).toBe(200);
    expect(
      (await call(logout, "/api/auth/logout", {}, { method: "POST", as: "operator", body: {} })).status,
    ).toBe(200);
    const after = await call<{ error: { code: string } }>(me, "/api/auth/me", {}, { as: "operator" });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthenticated");
  });
});

describe("POST /api/auth/setup", () => {
  it("makes exactly one admin of ten simultaneous setups with the right token", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-setup-race-"));
    process.env.NETATLAS_DATA_DIR = dir;
    try {
      const token = issueSetupToken();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call(
            setup,
            "/api/auth/setup",
            {},
            {
              method: "POST",
              as: "nobody",
              headers: {
                ...from(`10.8.0.${i}`),
                origin: "http://127.0.0.1",
                "content-type": "application/json",
              },
              body: { token, username: `admin${i}`, password: "a long enough password" },
            },
          ),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(9);
      expect(countUsers()).toBe(1);
      expect(answers.find((a) => a.status === 201)?.headers.get("set-cookie")).toContain(
        `${SESSION_COOKIE}=`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses any setup once users exist, whatever the token", async () => {
    const answer = await call<{ error: { code: string } }>(
      setup,
      "/api/auth/setup",
      {},
      {
        method: "POST",
        as: "nobody",
        headers: { ...from("10.7.0.1"), origin: "http://127.0.0.1", "content-type": "application/json" },
        body: { token: "guess", username: "intruder", password: "a long enough password" },
      },
    );
    expect(answer.status).toBe(409);
    expect(countUsers()).toBe(3);
  });
});
