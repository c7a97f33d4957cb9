// The guard every route calls, with the identities a browser or script would send (a fresh data folder per
// test): who is asking, the role that applies (a token's scope caps it), the anonymous viewer and read-only
// switches, account-only routes, refused changes written to the audit log, and open connections whose
// credentials stop holding.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Permission } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { type As, TEST_ORIGIN, type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { queryAudit } from "./audit";
import { cookieValue, guard, guardPublicChange, identify, type Principal, stillValid } from "./guard";
import { PEER_HEADER, PEER_KEY_HEADER } from "./request";
import { endSession, SESSION_COOKIE } from "./sessions";
import { createToken, revokeToken } from "./tokens";
import { deleteUser, insertUser, setRole } from "./users";

let ids: TestIdentities;
const extraDirs: string[] = [];

beforeEach(async () => {
  ids = await testIdentities();
});

afterEach(() => {
  ids.cleanup();
  for (const d of extraDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  for (const name of ["NETATLAS_ANONYMOUS_VIEWER", "NETATLAS_READ_ONLY", "NETATLAS_PEER_KEY"]) {
    delete process.env[name];
  }
});

function request(
  as: As,
  method = "GET",
  extra: Record<string, string> = {},
  pathname = "/api/networks",
): Request {
  return new Request(`${TEST_ORIGIN}${pathname}`, {
    method,
    headers: { ...ids.headers(as, method), ...extra },
  });
}

/** A request with a bearer token of our own making. */
function withToken(token: string, method = "GET"): Request {
  const h: Record<string, string> = { authorization: `Bearer ${token}` };
  if (method !== "GET") {
    h.origin = TEST_ORIGIN;
    h["content-type"] = "application/json";
  }
  return new Request(`${TEST_ORIGIN}/api/networks`, { method, headers: h });
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("cookieValue", () => {
  it("finds a cookie by exact name among others", () => {
    expect(cookieValue("a=1; netatlas_session=abc.def; b=2", "netatlas_session")).toBe("abc.def");
    expect(cookieValue("xnetatlas_session=1; netatlas_session=2", "netatlas_session")).toBe("2");
    expect(cookieValue("a=1", "netatlas_session")).toBeUndefined();
    expect(cookieValue(null, "netatlas_session")).toBeUndefined();
    expect(cookieValue("netatlas_session=", "netatlas_session")).toBe("");
  });
});

describe("who is asking", () => {
  it("signs each role's session cookie in as that role", () => {
    for (const role of ["viewer", "operator", "admin"] as const) {
      const p = guard(request(role), "read");
      expect(p).toMatchObject({ kind: "session", role, tokenId: null });
      expect(p.user?.username).toBe(`test-${role}`);
      expect(p.user?.id).toBe(ids.userIds[role]);
      expect(p.sessionId).toMatch(/^[0-9a-f]{64}$/);
      expect(p.expiresAt).toBeGreaterThan(Date.now());
    }
  });

  it("signs tokens in with their scope as the role", () => {
    expect(guard(request("viewer-token"), "read")).toMatchObject({
      kind: "token",
      role: "viewer",
      sessionId: null,
    });
    const op = guard(request("operator-token"), "read");
    expect(op).toMatchObject({ kind: "token", role: "operator", expiresAt: null });
    expect(op.tokenId).toEqual(expect.any(Number));
  });

  it("caps a token at its scope: an operator's read token is a viewer", () => {
    const { token } = createToken(ids.userIds.operator, "read only", "read");
    expect(guard(withToken(token), "read")).toMatchObject({ kind: "token", role: "viewer" });
    const err = refusal(() => guard(withToken(token, "POST"), "operate"));
    expect(err.code).toBe("forbidden");
    expect(err.message).toContain("this token (viewer)");
  });

  it("caps an admin's operator token at operator", () => {
    const { token } = createToken(ids.userIds.admin, "ops", "operator");
    expect(guard(withToken(token, "POST"), "operate").role).toBe("operator");
    expect(refusal(() => guard(withToken(token), "admin")).code).toBe("forbidden");
  });

  it("lets an admin's audit token read the audit log and nothing an admin else may do", () => {
    const { token } = createToken(ids.userIds.admin, "log shipper", "audit");
    expect(guard(withToken(token), "audit")).toMatchObject({ kind: "token", role: "viewer", scope: "audit" });
    expect(guard(withToken(token), "read").role).toBe("viewer");
    expect(refusal(() => guard(withToken(token), "admin")).code).toBe("forbidden");
    expect(refusal(() => guard(withToken(token, "POST"), "operate")).code).toBe("forbidden");
  });

  it("an audit token of someone who is not (or no longer) an admin reads no audit log", () => {
    const { token: operators } = createToken(ids.userIds.operator, "sneaky", "audit");
    expect(refusal(() => guard(withToken(operators), "audit")).message).toContain("read the audit log");
    const { token } = createToken(ids.userIds.admin, "log shipper", "audit");
    const open = guard(withToken(token), "audit");
    expect(stillValid(open, "audit")).toBe(true);
    // A second admin keeps Netatlas administered while this one is demoted.
    insertUser("second-admin", "not a hash", "admin");
    setRole(ids.userIds.admin, "operator");
    expect(stillValid(open, "audit")).toBe(false);
    expect(refusal(() => guard(withToken(token), "audit")).code).toBe("forbidden");
  });

  it("keeps the operator role and read tokens away from the audit log", () => {
    expect(guard(request("admin"), "audit").role).toBe("admin");
    expect(refusal(() => guard(request("operator"), "audit")).code).toBe("forbidden");
    expect(refusal(() => guard(request("viewer-token"), "audit")).code).toBe("forbidden");
    const { token } = createToken(ids.userIds.admin, "ops", "operator");
    expect(refusal(() => guard(withToken(token), "audit")).code).toBe("forbidden");
  });

  it("never lets a token outrank its user: a viewer's operator token stays a viewer", () => {
    const { token } = createToken(ids.userIds.viewer, "too much", "operator");
    expect(guard(withToken(token), "read").role).toBe("viewer");
    expect(refusal(() => guard(withToken(token, "POST"), "operate")).code).toBe("forbidden");
  });

  it("refuses an unknown, malformed or revoked bearer token", () => {
    const { id, token } = createToken(ids.userIds.operator, "soon revoked", "operator");
    revokeToken(id, ids.userIds.operator, false);
    for (const authorization of [
      "Bearer nat_unknown",
      "Bearer",
      "Bearer ",
      `Bearer ${token}`,
      `Basic ${Buffer.from("test-admin:x").toString("base64")}`,
      `Bearer ${ids.tokens.operator} extra`,
      ids.tokens.operator,
    ]) {
      const r = new Request(`${TEST_ORIGIN}/api/networks`, { headers: { authorization } });
      const err = refusal(() => guard(r, "read"));
      expect(err.code, authorization).toBe("unauthenticated");
    }
  });

  it("does not fall back to a valid cookie when the bearer token is bad", () => {
    const r = new Request(`${TEST_ORIGIN}/api/networks`, {
      headers: { authorization: "Bearer nat_bogus", cookie: `${SESSION_COOKIE}=${ids.cookies.admin}` },
    });
    expect(refusal(() => guard(r, "read")).code).toBe("unauthenticated");
  });

  it("refuses a tampered or unknown session cookie", () => {
    const good = ids.cookies.admin;
    const tampered = `${good.slice(0, -1)}${good.endsWith("A") ? "B" : "A"}`;
    for (const value of [tampered, "garbage", "", `${good}x`]) {
      const r = new Request(`${TEST_ORIGIN}/api/networks`, {
        headers: { cookie: `${SESSION_COOKIE}=${value}` },
      });
      const err = refusal(() => guard(r, "read"));
      expect(err.code, value).toBe("unauthenticated");
      expect(err.message).toContain("session");
    }
  });

  it("answers nobody with 401 and the sign-in message", () => {
    const err = refusal(() => guard(request("nobody"), "read"));
    expect(err.code).toBe("unauthenticated");
    expect(err.message).toContain("Sign in");
    expect(identify(request("nobody"))).toBeNull();
  });

  it("answers nobody with the not-set-up message while there are no users", () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-guard-empty-"));
    extraDirs.push(fresh);
    process.env.NETATLAS_DATA_DIR = fresh;
    const err = refusal(() => guard(request("nobody"), "read"));
    expect(err.code).toBe("unauthenticated");
    expect(err.message).toContain("not set up");
    expect(err.message).toContain("/setup");
  });

  it("takes the address from our server's peer header only", () => {
    process.env.NETATLAS_PEER_KEY = "peer-key";
    const trusted = request("viewer", "GET", { [PEER_HEADER]: "10.1.2.3", [PEER_KEY_HEADER]: "peer-key" });
    expect(guard(trusted, "read").address).toBe("10.1.2.3");
    const forged = request("viewer", "GET", { [PEER_HEADER]: "10.1.2.3", [PEER_KEY_HEADER]: "nope" });
    expect(guard(forged, "read").address).toBe("unknown");
  });
});

describe("what they may do", () => {
  const table: [As, Permission, boolean][] = [
    ["viewer", "read", true],
    ["viewer", "operate", false],
    ["viewer", "admin", false],
    ["operator", "read", true],
    ["operator", "operate", true],
    ["operator", "admin", false],
    ["admin", "read", true],
    ["admin", "operate", true],
    ["admin", "admin", true],
    ["viewer-token", "read", true],
    ["viewer-token", "operate", false],
    ["operator-token", "operate", true],
    ["operator-token", "admin", false],
  ];
  for (const [as, need, allowed] of table) {
    it(`${allowed ? "lets" : "refuses"} ${as} ${need}`, () => {
      const method = need === "read" ? "GET" : "POST";
      if (allowed) expect(guard(request(as, method), need).role).toBeDefined();
      else {
        const err = refusal(() => guard(request(as, method), need));
        expect(err.code).toBe("forbidden");
        expect(err.message).toContain("Not allowed");
      }
    });
  }

  it("lets only a signed-in person manage an account, not a token", () => {
    for (const role of ["viewer", "operator", "admin"] as const) {
      expect(guard(request(role, "POST"), "account").kind).toBe("session");
    }
    for (const as of ["viewer-token", "operator-token"] as const) {
      const err = refusal(() => guard(request(as, "POST"), "account"));
      expect(err.code, as).toBe("forbidden");
      expect(err.message).toContain("signed-in person");
    }
  });

  it("checks origin, content type and the internal header on changes, before credentials", () => {
    expect(
      refusal(() => guard(request("admin", "POST", { origin: "https://evil.example" }), "operate")).code,
    ).toBe("forbidden");
    expect(
      refusal(() => guard(request("admin", "POST", { "content-type": "text/plain" }), "operate")).code,
    ).toBe("unsupported_media_type");
    expect(
      refusal(() => guard(request("admin", "GET", { "x-middleware-subrequest": "middleware" }), "read")).code,
    ).toBe("bad_request");
    // A cookie change must carry an Origin; a token change need not (a browser cannot send the token by itself).
    const noOrigin = (as: As) => {
      const h = ids.headers(as, "POST");
      delete h.origin;
      return new Request(`${TEST_ORIGIN}/api/networks`, { method: "POST", headers: h });
    };
    expect(refusal(() => guard(noOrigin("operator"), "operate")).code).toBe("forbidden");
    expect(guard(noOrigin("operator-token"), "operate").kind).toBe("token");
  });
});

describe("NETATLAS_ANONYMOUS_VIEWER", () => {
  it("lets nobody read as the anonymous viewer, and asks them to sign in for changes", () => {
    process.env.NETATLAS_ANONYMOUS_VIEWER = "1";
    expect(guard(request("nobody"), "read")).toMatchObject({
      kind: "anonymous",
      role: "viewer",
      user: null,
      sessionId: null,
      tokenId: null,
    });
    for (const need of ["operate", "admin"] as const) {
      const err = refusal(() => guard(request("nobody", "POST"), need));
      expect(err.code, need).toBe("unauthenticated");
    }
    expect(refusal(() => guard(request("nobody", "POST"), "account")).code).toBe("forbidden");
  });

  it("still signs a person with a cookie in as themselves", () => {
    process.env.NETATLAS_ANONYMOUS_VIEWER = "true";
    expect(guard(request("operator", "POST"), "operate")).toMatchObject({
      kind: "session",
      role: "operator",
    });
  });

  it("is off unless switched on", () => {
    process.env.NETATLAS_ANONYMOUS_VIEWER = "0";
    expect(refusal(() => guard(request("nobody"), "read")).code).toBe("unauthenticated");
  });
});

describe("NETATLAS_READ_ONLY", () => {
  it("refuses operate to an operator, an admin and an operator token with read_only; reads still work", () => {
    process.env.NETATLAS_READ_ONLY = "1";
    for (const as of ["operator", "admin", "operator-token"] as const) {
      const err = refusal(() => guard(request(as, "POST"), "operate"));
      expect(err.code, as).toBe("read_only");
      expect(guard(request(as), "read").kind).not.toBe("anonymous");
    }
    // A viewer is refused for their role first.
    expect(refusal(() => guard(request("viewer", "POST"), "operate")).code).toBe("forbidden");
  });
});

describe("the audit log of refused changes", () => {
  it("records a refused change as denied, with who, the status and the reason", () => {
    refusal(() => guard(request("viewer", "POST"), "operate", "network.create"));
    const [entry] = queryAudit({ action: "network.create" }, 10, 0).entries;
    expect(entry).toMatchObject({
      actor: "test-viewer",
      via: "session",
      action: "network.create",
      target: "/api/networks",
      result: "denied",
      status: 403,
    });
    expect(entry?.error).toContain("Not allowed");
  });

  it("names the action by method and path when none is given, and nobody as -", () => {
    refusal(() => guard(request("nobody", "DELETE", {}, "/api/networks/abc"), "operate"));
    const [entry] = queryAudit({ result: "denied" }, 10, 0).entries;
    expect(entry).toMatchObject({
      actor: "-",
      via: "none",
      action: "DELETE /api/networks/abc",
      status: 401,
    });
  });

  it("records a forged change (foreign origin) with the identified sender", () => {
    refusal(() =>
      guard(request("operator", "POST", { origin: "https://evil.example" }), "operate", "network.create"),
    );
    const [entry] = queryAudit({ result: "denied" }, 10, 0).entries;
    expect(entry).toMatchObject({ actor: "test-operator", status: 403, action: "network.create" });
    expect(entry?.error).toContain("https://evil.example");
  });

  it("records read-only refusals with 403", () => {
    process.env.NETATLAS_READ_ONLY = "1";
    refusal(() => guard(request("admin", "POST"), "operate", "network.remove"));
    expect(queryAudit({ action: "network.remove" }, 10, 0).entries[0]).toMatchObject({
      actor: "test-admin",
      result: "denied",
      status: 403,
    });
  });

  it("does not record refused reads", () => {
    refusal(() => guard(request("viewer"), "admin", "audit.read"));
    refusal(() => guard(request("nobody"), "read"));
    expect(queryAudit({ result: "denied" }, 10, 0).total).toBe(0);
  });

  it("records a token's first use, once", () => {
    guard(request("operator-token"), "read");
    guard(request("operator-token"), "read");
    const uses = queryAudit({ action: "token.use" }, 10, 0);
    expect(uses.total).toBe(1);
    expect(uses.entries[0]).toMatchObject({
      actor: "test-operator",
      via: "token:test operator",
      result: "ok",
    });
  });
});

describe("guardPublicChange", () => {
  it("applies the origin, JSON and header rules to setup and login", () => {
    const ok = new Request(`${TEST_ORIGIN}/api/auth/login`, {
      method: "POST",
      headers: { origin: TEST_ORIGIN, "content-type": "application/json" },
    });
    expect(() => guardPublicChange(ok)).not.toThrow();
    const noOrigin = new Request(`${TEST_ORIGIN}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    expect(refusal(() => guardPublicChange(noOrigin)).code).toBe("forbidden");
    const form = new Request(`${TEST_ORIGIN}/api/auth/login`, {
      method: "POST",
      headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(refusal(() => guardPublicChange(form)).code).toBe("unsupported_media_type");
  });
});

describe("stillValid", () => {
  const principal = (as: As, need: Permission = "read"): Principal =>
    guard(request(as, need === "read" ? "GET" : "POST"), need);

  it("holds while nothing changes", () => {
    expect(stillValid(principal("operator", "operate"), "operate")).toBe(true);
    expect(stillValid(principal("operator-token", "operate"), "operate")).toBe(true);
    expect(stillValid(principal("viewer"), "read")).toBe(true);
  });

  it("turns false after the session ends", () => {
    const p = principal("operator");
    endSession(p.sessionId ?? "");
    expect(stillValid(p, "read")).toBe(false);
  });

  it("turns false after the token is revoked", () => {
    const p = principal("operator-token");
    revokeToken(p.tokenId ?? -1, ids.userIds.operator, false);
    expect(stillValid(p, "read")).toBe(false);
  });

  it("turns false for both the session and the token of a removed user", () => {
    const session = principal("operator");
    const token = principal("operator-token");
    deleteUser(ids.userIds.operator, ids.userIds.admin);
    expect(stillValid(session, "read")).toBe(false);
    expect(stillValid(token, "read")).toBe(false);
  });

  it("turns false for operate after a demotion to viewer, and stays true for read", () => {
    const session = principal("operator", "operate");
    const token = principal("operator-token", "operate");
    setRole(ids.userIds.operator, "viewer");
    expect(stillValid(session, "operate")).toBe(false);
    expect(stillValid(token, "operate")).toBe(false);
    expect(stillValid(session, "read")).toBe(true);
  });

  it("turns false for an admin stream after a demotion to operator", () => {
    const p = principal("admin", "admin");
    // Another admin must exist before the last one can be demoted.
    setRole(ids.userIds.operator, "admin");
    setRole(ids.userIds.admin, "operator");
    expect(stillValid(p, "admin")).toBe(false);
    expect(stillValid(p, "operate")).toBe(true);
  });

  it("turns false for the anonymous viewer once the switch is off", () => {
    process.env.NETATLAS_ANONYMOUS_VIEWER = "1";
    const p = principal("nobody");
    expect(stillValid(p, "read")).toBe(true);
    delete process.env.NETATLAS_ANONYMOUS_VIEWER;
    expect(stillValid(p, "read")).toBe(false);
  });
});
