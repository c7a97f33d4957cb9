// Forged and malformed changes, sent to a real route handler with an operator's valid credentials: each is
// refused with the right status before Docker is called (the engine address is a tripwire socket), and a
// well-formed request from the same operator does get through to Docker (so the refusals are not vacuous).
import { describe, expect, it } from "vitest";
import { POST as createNetwork } from "@/app/api/networks/route";
import { POST as resync } from "@/app/api/resync/route";
import { store } from "@/lib/auth/db";
import { SESSION_COOKIE } from "@/lib/auth/sessions";
import { TEST_ORIGIN, testIdentities } from "@/lib/testing/auth";
import { call, useIdentities } from "@/lib/testing/routes";
import { guardedSuite } from "@/lib/testing/tripwire";

const suite = guardedSuite();

const body = { name: "natest-forged" };
const cookie = () => `${SESSION_COOKIE}=${suite.ids.cookies.operator}`;

interface Case {
  name: string;
  /** A function when the headers need the identities made in beforeAll. */
  headers: Record<string, string> | (() => Record<string, string>);
  body?: unknown;
  status: number;
  code: string;
}

const cases = (): Case[] => [
  { name: "a foreign Origin", headers: { origin: "https://evil.example" }, status: 403, code: "forbidden" },
  { name: "Origin: null", headers: { origin: "null" }, status: 403, code: "forbidden" },
  {
    name: "a lookalike origin (other port)",
    headers: { origin: "http://127.0.0.1:8080" },
    status: 403,
    code: "forbidden",
  },
  {
    name: "Sec-Fetch-Site: cross-site",
    headers: { "sec-fetch-site": "cross-site" },
    status: 403,
    code: "forbidden",
  },
  {
    name: "Sec-Fetch-Site: same-site",
    headers: { "sec-fetch-site": "same-site" },
    status: 403,
    code: "forbidden",
  },
  {
    name: "text/plain body",
    headers: { "content-type": "text/plain" },
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "a form body",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "name=natest-forged",
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "an oversized body",
    headers: {},
    body: { name: "x".repeat(70 * 1024) },
    status: 413,
    code: "payload_too_large",
  },
  { name: "malformed JSON", headers: {}, body: "{ name: ", status: 400, code: "bad_request" },
  {
    name: "an unknown field",
    headers: {},
    body: { ...body, privileged: true },
    status: 400,
    code: "bad_request",
  },
  {
    name: "the x-middleware-subrequest header",
    headers: { "x-middleware-subrequest": "middleware" },
    status: 400,
    code: "bad_request",
  },
  {
    name: "a tampered cookie",
    headers: () => ({ cookie: `${cookie()}x` }),
    status: 401,
    code: "unauthenticated",
  },
  {
    name: "an unsigned cookie",
    headers: { cookie: `${SESSION_COOKIE}=${"a".repeat(43)}` },
    status: 401,
    code: "unauthenticated",
  },
  {
    name: "a revoked or unknown token",
    headers: { authorization: "Bearer nat_not-a-real-token" },
    status: 401,
    code: "unauthenticated",
  },
];

describe("forged or malformed changes are refused before Docker is called", () => {
  for (const c of cases()) {
    it(`refuses ${c.name}`, async () => {
      const before = suite.tripwire.connections;
      const answer = await call<{ error: { code: string; message: string } }>(
        createNetwork,
        "/api/networks",
        {},
        {
          method: "POST",
          as: "operator",
          headers: typeof c.headers === "function" ? c.headers() : c.headers,
          body: c.body ?? body,
        },
      );
      expect(answer.status).toBe(c.status);
      expect(answer.body.error.code).toBe(c.code);
      expect(answer.body.error.message.length).toBeGreaterThan(10);
      expect(suite.tripwire.connections).toBe(before);
    });
  }

  it("refuses a cookie request with no Origin at all", async () => {
    const before = suite.tripwire.connections;
    const answer = await call<{ error: { code: string } }>(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "operator",
        omit: ["origin"],
        body,
      },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe("forbidden");
    expect(suite.tripwire.connections).toBe(before);
  });

  it("refuses an expired session", async () => {
    store()
      .db.prepare("UPDATE sessions SET expires_at = ?")
      .run(Date.now() - 1000);
    try {
      const answer = await call<{ error: { code: string } }>(
        createNetwork,
        "/api/networks",
        {},
        { method: "POST", as: "operator", body },
      );
      expect(answer.status).toBe(401);
    } finally {
      suite.ids = await testIdentities();
      useIdentities(suite.ids);
    }
  });

  it("records refused changes in the audit log as denied", async () => {
    await call(
      createNetwork,
      "/api/networks",
      {},
      { method: "POST", as: "operator", headers: { origin: "https://evil.example" }, body },
    );
    const row = store().db.prepare("SELECT * FROM audit ORDER BY id DESC LIMIT 1").get() as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({
      action: "network.create",
      result: "denied",
      status: 403,
      actor: "test-operator",
    });
    expect(String(row.error)).toContain("evil.example");
  });

  it("lets the same operator's well-formed request through to Docker (here: the tripwire)", async () => {
    const before = suite.tripwire.connections;
    const answer = await call<{ error: { code: string } }>(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "operator",
        headers: { origin: TEST_ORIGIN },
        body,
      },
    );
    expect(suite.tripwire.connections).toBeGreaterThan(before);
    expect(answer.body.error.code).toBe("engine_unreachable");
  });

  it("accepts a script with an API token and no Origin, but not a foreign one", async () => {
    const headers = {
      authorization: `Bearer ${suite.ids.tokens.operator}`,
      "content-type": "application/json",
    };
    const ok = await call<{ feeds: unknown }>(
      resync,
      "/api/resync",
      {},
      { method: "POST", as: "nobody", headers, body: {} },
    );
    expect(ok.status).not.toBe(401);
    expect(ok.status).not.toBe(403);
    const foreign = await call(
      resync,
      "/api/resync",
      {},
      {
        method: "POST",
        as: "nobody",
        headers: { ...headers, origin: "https://evil.example" },
        body: {},
      },
    );
    expect(foreign.status).toBe(403);
  });
});
