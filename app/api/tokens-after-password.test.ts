// API tokens and a password change: "sign out everywhere" revokes every token of the person (their other
// sessions always end), an operator token needs the password again, and wrong passwords there count
// against the sign-in limits. Through the real route handlers; Docker is never called (tripwire).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as readAudit } from "@/app/api/audit/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as changePassword } from "@/app/api/auth/password/route";
import { POST as createToken } from "@/app/api/tokens/route";
import { GET as listUsers } from "@/app/api/users/route";
import type { NewTokenDto } from "@/lib/api/auth";
import { queryAudit } from "@/lib/auth/audit";
import { PEER_HEADER, PEER_KEY_HEADER } from "@/lib/auth/request";
import { TEST_PASSWORD } from "@/lib/testing/auth";
import { call } from "@/lib/testing/routes";
import { guardedSuite } from "@/lib/testing/tripwire";

const suite = guardedSuite();
const NEW_PASSWORD = "a brand new long password";
const KEY = "tokens-test-peer-key";
let address = "203.0.113.1";
/** Each test from its own address: wrong passwords count against the sign-in limits. */
let serial = 1;
const fromHere = () => ({ [PEER_HEADER]: address, [PEER_KEY_HEADER]: KEY });
beforeAll(() => {
  process.env.NETATLAS_PEER_KEY = KEY;
});
afterAll(() => {
  delete process.env.NETATLAS_PEER_KEY;
});
const newAddress = () => {
  address = `203.0.113.${++serial}`;
};

const mint = (body: Record<string, unknown>, as: "operator" | "admin" = "operator") =>
  call<NewTokenDto & { error?: { message: string; fields?: { field: string }[] } }>(
    createToken,
    "/api/tokens",
    {},
    {
      method: "POST",
      as,
      headers: fromHere(),
      body,
    },
  );

const asToken = (token: string) =>
  call(me, "/api/auth/me", {}, { as: "nobody", headers: { authorization: `Bearer ${token}` } });

describe("operator tokens need the password", () => {
  it("refuses an operator token without the password or with a wrong one, makes it with the right one", async () => {
    newAddress();
    const without = await mint({ name: "deploy", scope: "operator" });
    expect(without.status).toBe(403);
    expect(without.body.error?.fields?.[0]?.field).toBe("current");
    const wrong = await mint({ name: "deploy", scope: "operator", current: "not my password" });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error?.message).toBe("The current password is not right.");
    const right = await mint({ name: "deploy", scope: "operator", current: TEST_PASSWORD });
    expect(right.status).toBe(201);
    expect((await asToken(right.body.token)).status).toBe(200);
    // A read token needs no password; the password never reaches the audit log.
    expect((await mint({ name: "dashboards", scope: "read" })).status).toBe(201);
    const logged = JSON.stringify(queryAudit({ action: "token.create" }, 10, 0).entries);
    expect(logged).not.toContain(TEST_PASSWORD);
  });

  it("counts wrong passwords against the sign-in limits (no brute force through token minting)", async () => {
    newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await mint({ name: "x", scope: "operator", current: `guess ${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(statuses.slice(5)).toEqual(statuses.slice(5).map(() => 429));
  });
});

describe("audit tokens, for a log pipeline", () => {
  it("only an admin makes one, with the password; it reads the audit log and changes nothing", async () => {
    newAddress();
    const operators = await mint({ name: "shipper", scope: "audit", current: TEST_PASSWORD });
    expect(operators.status).toBe(403);
    expect(operators.body.error?.message).toMatch(/Only admins/);
    const without = await mint({ name: "shipper", scope: "audit" }, "admin");
    expect(without.status).toBe(403);
    expect(without.body.error?.fields?.[0]?.field).toBe("current");
    const made = await mint({ name: "shipper", scope: "audit", current: TEST_PASSWORD }, "admin");
    expect(made.status).toBe(201);
    const bearer = { authorization: `Bearer ${made.body.token}` };
    const log = await call<{ entries: { action: string }[] }>(
      readAudit,
      "/api/audit",
      {},
      { as: "nobody", headers: bearer },
    );
    expect(log.status).toBe(200);
    expect(log.body.entries.map((e) => e.action)).toContain("token.create");
    const lines = await call<string>(
      readAudit,
      "/api/audit?format=jsonl",
      {},
      { as: "nobody", headers: bearer },
    );
    expect(lines.status).toBe(200);
    // Not an admin for anything else: no users, no changes.
    expect((await call(listUsers, "/api/users", {}, { as: "nobody", headers: bearer })).status).toBe(403);
    const change = await call(
      createToken,
      "/api/tokens",
      {},
      {
        method: "POST",
        as: "nobody",
        headers: { ...bearer, origin: "http://127.0.0.1", "content-type": "application/json" },
        body: { name: "more", scope: "read" },
      },
    );
    expect(change.status).toBe(403);
  });
});

describe("a password change", () => {
  it("with revokeTokens (sign out everywhere) revokes every token of the person", async () => {
    newAddress();
    const token = (await mint({ name: "deploy", scope: "operator", current: TEST_PASSWORD })).body.token;
    const before = suite.ids.tokens.operator;
    expect((await asToken(token)).status).toBe(200);
    const changed = await call<{ revokedTokens: number }>(
      changePassword,
      "/api/auth/password",
      {},
      {
        method: "POST",
        as: "operator",
        headers: fromHere(),
        body: { current: TEST_PASSWORD, password: NEW_PASSWORD, revokeTokens: true },
      },
    );
    expect(changed.status).toBe(200);
    // The suite's operator token, and the three this file made for the operator (two deploy, one dashboards).
    expect(changed.body.revokedTokens).toBe(4);
    expect((await asToken(token)).status).toBe(401);
    expect((await asToken(before)).status).toBe(401);
    // The viewer's token is not the operator's: untouched.
    expect((await asToken(suite.ids.tokens.viewer)).status).toBe(200);
  });

  it("without it keeps the tokens (the old behaviour, now a choice)", async () => {
    newAddress();
    const changed = await call<{ revokedTokens: number }>(
      changePassword,
      "/api/auth/password",
      {},
      {
        method: "POST",
        as: "viewer",
        headers: fromHere(),
        body: { current: TEST_PASSWORD, password: NEW_PASSWORD },
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.revokedTokens).toBe(0);
    expect((await asToken(suite.ids.tokens.viewer)).status).toBe(200);
  });
});
