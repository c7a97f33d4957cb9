// The wire contract of who may do what: every role against every permission, a token's cap, and the request
// schemas' limits (password length, user names, token scopes, unknown fields, the audit query).
import { describe, expect, it } from "vitest";
import {
  auditQuery,
  emptyBody,
  loginBody,
  lowerRole,
  newTokenBody,
  newUserBody,
  PASSWORD_MIN,
  type Permission,
  passwordChangeBody,
  ROLES,
  type Role,
  roleAllows,
  SCOPE_ROLE,
  setupBody,
  TOKEN_SCOPES,
  userPatchBody,
} from "./auth";

const PERMISSIONS: Permission[] = ["read", "operate", "admin", "audit", "account"];
const GOOD_PASSWORD = "x".repeat(PASSWORD_MIN);

describe("roleAllows", () => {
  const expected: Record<Role, Record<Permission, boolean>> = {
    viewer: { read: true, operate: false, admin: false, audit: false, account: true },
    operator: { read: true, operate: true, admin: false, audit: false, account: true },
    admin: { read: true, operate: true, admin: true, audit: true, account: true },
  };
  for (const role of ROLES) {
    for (const need of PERMISSIONS) {
      it(`${expected[role][need] ? "lets" : "refuses"} ${role} ${need}`, () => {
        expect(roleAllows(role, need)).toBe(expected[role][need]);
      });
    }
  }

  it("knows exactly the three roles, lowest first", () => {
    expect(ROLES).toEqual(["viewer", "operator", "admin"]);
  });
});

describe("lowerRole and token scopes", () => {
  it("answers the lower of two roles, whatever the order", () => {
    const cases: [Role, Role, Role][] = [
      ["viewer", "viewer", "viewer"],
      ["viewer", "operator", "viewer"],
      ["viewer", "admin", "viewer"],
      ["operator", "operator", "operator"],
      ["operator", "admin", "operator"],
      ["admin", "admin", "admin"],
    ];
    for (const [a, b, low] of cases) {
      expect(lowerRole(a, b), `${a} ${b}`).toBe(low);
      expect(lowerRole(b, a), `${b} ${a}`).toBe(low);
    }
  });

  it("maps the read and audit scopes to viewer and the operator scope to operator; no admin scope", () => {
    expect(TOKEN_SCOPES).toEqual(["read", "operator", "audit"]);
    expect(SCOPE_ROLE).toEqual({ read: "viewer", operator: "operator", audit: "viewer" });
    for (const scope of TOKEN_SCOPES) expect(roleAllows(SCOPE_ROLE[scope], "admin")).toBe(false);
  });
});

/** The field names a schema refused the input for, each once (empty when it was accepted). */
function refusedFields(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } },
  value: unknown,
): string[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return [...new Set((parsed.error?.issues ?? []).map((i) => i.path.map(String).join(".") || "(body)"))];
}

describe("setupBody", () => {
  const valid = { token: "abc", username: "admin", password: GOOD_PASSWORD };

  it(`accepts a ${PASSWORD_MIN}-character password and refuses a shorter one`, () => {
    expect(PASSWORD_MIN).toBe(12);
    expect(setupBody.safeParse(valid).success).toBe(true);
    const short = setupBody.safeParse({ ...valid, password: "x".repeat(PASSWORD_MIN - 1) });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.path).toEqual(["password"]);
    expect(short.error?.issues[0]?.message).toBe("At least 12 characters.");
    expect(refusedFields(setupBody, { ...valid, password: "x".repeat(1025) })).toEqual(["password"]);
    expect(refusedFields(setupBody, { ...valid, password: "x".repeat(1024) })).toEqual([]);
  });

  it("accepts user names of letters, digits and . _ @ -, starting with a letter or digit", () => {
    for (const username of [
      "admin",
      "Alice",
      "ops.lead",
      "a_b",
      "a-b",
      "me@example.org",
      "0day",
      "x".repeat(64),
    ]) {
      expect(refusedFields(setupBody, { ...valid, username }), username).toEqual([]);
    }
  });

  it("trims the user name before checking it", () => {
    expect(setupBody.parse({ ...valid, username: "  alice  " }).username).toBe("alice");
  });

  it("refuses empty, too long and badly formed user names", () => {
    for (const username of [
      "",
      "   ",
      "x".repeat(65),
      "-alice",
      ".alice",
      "_alice",
      "@alice",
      "al ice",
      "al/ice",
      "al\\ice",
      "alice!",
      "<script>",
      "ålice",
      "al\nice",
    ]) {
      expect(refusedFields(setupBody, { ...valid, username }), JSON.stringify(username)).toEqual([
        "username",
      ]);
    }
  });

  it("requires a token of at most 256 characters, and refuses unknown fields", () => {
    expect(refusedFields(setupBody, { ...valid, token: "" })).toEqual(["token"]);
    expect(refusedFields(setupBody, { ...valid, token: "t".repeat(257) })).toEqual(["token"]);
    expect(refusedFields(setupBody, { username: "admin", password: GOOD_PASSWORD })).toEqual(["token"]);
    expect(refusedFields(setupBody, { ...valid, role: "admin" })).toEqual(["(body)"]);
  });
});

describe("the other account and user bodies", () => {
  it("loginBody wants both fields, any password length, nothing else", () => {
    expect(refusedFields(loginBody, { username: "a", password: "p" })).toEqual([]);
    expect(refusedFields(loginBody, { username: "", password: "" }).sort()).toEqual(["password", "username"]);
    expect(refusedFields(loginBody, { username: "a", password: "p", remember: true })).toEqual(["(body)"]);
  });

  it("passwordChangeBody holds a new password to the minimum", () => {
    expect(refusedFields(passwordChangeBody, { current: "old", password: GOOD_PASSWORD })).toEqual([]);
    expect(refusedFields(passwordChangeBody, { current: "old", password: "short" })).toEqual(["password"]);
    expect(refusedFields(passwordChangeBody, { current: "", password: GOOD_PASSWORD })).toEqual(["current"]);
  });

  it("newUserBody and userPatchBody take only the three roles", () => {
    for (const role of ROLES) {
      expect(refusedFields(newUserBody, { username: "bob", password: GOOD_PASSWORD, role }), role).toEqual(
        [],
      );
      expect(refusedFields(userPatchBody, { role }), role).toEqual([]);
    }
    for (const role of ["root", "Admin", "", null]) {
      expect(refusedFields(newUserBody, { username: "bob", password: GOOD_PASSWORD, role })).toEqual([
        "role",
      ]);
      expect(refusedFields(userPatchBody, { role })).toEqual(["role"]);
    }
    expect(refusedFields(userPatchBody, { role: "viewer", username: "x" })).toEqual(["(body)"]);
  });

  it("emptyBody accepts only {}", () => {
    expect(refusedFields(emptyBody, {})).toEqual([]);
    expect(refusedFields(emptyBody, { a: 1 })).toEqual(["(body)"]);
  });
});

describe("newTokenBody", () => {
  it("accepts the read, operator and audit scopes, and nothing else", () => {
    for (const scope of ["read", "operator", "audit"]) {
      expect(refusedFields(newTokenBody, { name: "ci", scope }), scope).toEqual([]);
    }
    for (const scope of ["admin", "viewer", "READ", "", undefined]) {
      const parsed = newTokenBody.safeParse({ name: "ci", scope });
      expect(parsed.success, String(scope)).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe("read, operator or audit.");
    }
  });

  it("trims the name and wants 1 to 64 characters", () => {
    expect(newTokenBody.parse({ name: "  deploy bot ", scope: "read" }).name).toBe("deploy bot");
    expect(refusedFields(newTokenBody, { name: "   ", scope: "read" })).toEqual(["name"]);
    expect(refusedFields(newTokenBody, { name: "n".repeat(65), scope: "read" })).toEqual(["name"]);
    expect(refusedFields(newTokenBody, { name: "n".repeat(64), scope: "read" })).toEqual([]);
    expect(refusedFields(newTokenBody, { name: "ci", scope: "read", expires: 1 })).toEqual(["(body)"]);
  });
});

describe("auditQuery", () => {
  it("fills the defaults and coerces paging from query strings", () => {
    expect(auditQuery.parse({})).toEqual({ limit: 100, offset: 0, format: "json" });
    expect(auditQuery.parse({ limit: "25", offset: "50", format: "csv" })).toEqual({
      limit: 25,
      offset: 50,
      format: "csv",
    });
  });

  it("turns from and to into epoch milliseconds and refuses what is not a date", () => {
    const parsed = auditQuery.parse({ from: "2026-11-27T10:00:00Z", to: "2026-11-28" });
    expect(parsed.from).toBe(Date.parse("2026-11-27T10:00:00Z"));
    expect(parsed.to).toBe(Date.parse("2026-11-28"));
    expect(refusedFields(auditQuery, { from: "yesterday" })).toEqual(["from"]);
  });

  it("bounds the paging and refuses unknown results, formats and fields", () => {
    for (const limit of ["0", "501", "1.5", "x"])
      expect(refusedFields(auditQuery, { limit }), limit).toEqual(["limit"]);
    expect(refusedFields(auditQuery, { offset: "-1" })).toEqual(["offset"]);
    expect(refusedFields(auditQuery, { result: "maybe" })).toEqual(["result"]);
    expect(refusedFields(auditQuery, { format: "xlsx" })).toEqual(["format"]);
    expect(refusedFields(auditQuery, { sort: "asc" })).toEqual(["(body)"]);
  });
});
