// Browser sessions against a throwaway data folder: the cookie round trip, every way a cookie can be forged
// or stale (tampered, unsigned, expired, ended, signed with another folder's key), the revocation signal,
// and the Set-Cookie strings.
import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { store } from "./db";
import { hashPassword } from "./passwords";
import { onRevoked } from "./revocation";
import {
  clearedSessionCookie,
  createSession,
  endSession,
  readSession,
  SESSION_COOKIE,
  sessionAlive,
  sessionCookie,
  sessionId,
  sweepSessions,
} from "./sessions";
import { insertUser } from "./users";

const dirs: string[] = [];
let userId: number;

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-sessions-"));
  dirs.push(dir);
  return dir;
}

let mainDir: string;
let hash: string;

beforeAll(async () => {
  mainDir = freshDir();
  process.env.NETATLAS_DATA_DIR = mainDir;
  hash = await hashPassword("correct horse battery staple");
  userId = insertUser("alice", hash, "operator").id;
});

afterEach(() => {
  process.env.NETATLAS_DATA_DIR = mainDir;
  delete process.env.NETATLAS_SESSION_HOURS;
});

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.NETATLAS_DATA_DIR;
});

const rowCount = (id: string) =>
  (store().db.prepare("SELECT count(*) AS n FROM sessions WHERE id = ?").get(id) as { n: number }).n;

/** The cookie value with one character of the part before (secret) or after (signature) the dot changed. */
function tamper(cookie: string, part: "secret" | "signature"): string {
  const dot = cookie.indexOf(".");
  const at = part === "secret" ? 0 : dot + 1;
  const c = cookie[at] === "A" ? "B" : "A";
  return `${cookie.slice(0, at)}${c}${cookie.slice(at + 1)}`;
}

describe("createSession and readSession", () => {
  it("round-trips: the cookie reads back as the session and its user", () => {
    const before = Date.now();
    const { cookie, expiresAt } = createSession(userId, "10.0.0.7", "Mozilla/5.0 test");
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    const found = readSession(cookie);
    expect(found).not.toBeNull();
    expect(found?.user).toMatchObject({ id: userId, username: "alice", role: "operator" });
    expect(found?.session).toMatchObject({
      user_id: userId,
      address: "10.0.0.7",
      user_agent: "Mozilla/5.0 test",
      expires_at: expiresAt,
    });
    // 12 hours by default.
    expect(expiresAt - (found?.session.created_at ?? 0)).toBe(12 * 3_600_000);
    expect(found?.session.created_at).toBeGreaterThanOrEqual(before);
  });

  it("keeps only the SHA-256 of the secret in the database, never the cookie", () => {
    const { cookie } = createSession(userId, "10.0.0.7", "ua");
    const secret = cookie.split(".")[0] ?? "";
    expect(rowCount(sessionId(secret))).toBe(1);
    const rows = store().db.prepare("SELECT * FROM sessions").all();
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it("gives every session its own secret", () => {
    const a = createSession(userId, "a", "ua").cookie;
    const b = createSession(userId, "a", "ua").cookie;
    expect(a).not.toBe(b);
    expect(readSession(a)?.session.id).not.toBe(readSession(b)?.session.id);
  });

  it("cuts a long user agent to 200 characters", () => {
    const { cookie } = createSession(userId, "a", "x".repeat(500));
    expect(readSession(cookie)?.session.user_agent).toHaveLength(200);
  });

  it("follows NETATLAS_SESSION_HOURS for the expiry", () => {
    process.env.NETATLAS_SESSION_HOURS = "2";
    const t = Date.now();
    const { expiresAt } = createSession(userId, "a", "ua");
    expect(expiresAt).toBeGreaterThanOrEqual(t + 2 * 3_600_000);
    expect(expiresAt).toBeLessThan(t + 2 * 3_600_000 + 5_000);
  });

  it("refuses a tampered secret or a tampered signature", () => {
    const { cookie } = createSession(userId, "a", "ua");
    expect(readSession(cookie)).not.toBeNull();
    expect(readSession(tamper(cookie, "secret"))).toBeNull();
    expect(readSession(tamper(cookie, "signature"))).toBeNull();
  });

  it("refuses a cookie with no dot, an empty one, a missing one, or only part of it", () => {
    const { cookie } = createSession(userId, "a", "ua");
    const [secret, signature] = cookie.split(".") as [string, string];
    for (const bad of [
      undefined,
      "",
      ".",
      secret,
      `${secret}.`,
      `.${signature}`,
      `${secret}${signature}`,
      `${secret}.${signature}.x`,
      `${secret}.${signature.slice(0, -1)}`,
    ]) {
      expect(readSession(bad), String(bad)).toBeNull();
    }
    expect(readSession(cookie)).not.toBeNull();
  });

  it("refuses a correctly signed secret that has no session row", () => {
    const secret = "made-up-secret";
    const signature = createHmac("sha256", store().key).update(secret).digest("base64url");
    expect(readSession(`${secret}.${signature}`)).toBeNull();
  });

  it("ends an expired session: null, and its row is deleted", () => {
    const { cookie } = createSession(userId, "a", "ua");
    const found = readSession(cookie);
    const id = found?.session.id ?? "";
    expect(sessionAlive(id)).toBe(true);
    store()
      .db.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?")
      .run(Date.now() - 1, id);
    expect(sessionAlive(id)).toBe(false);
    expect(rowCount(id)).toBe(1);
    expect(readSession(cookie)).toBeNull();
    expect(rowCount(id)).toBe(0);
  });

  it("answers null when the session's user has been removed", () => {
    const other = insertUser("short-lived", hash, "viewer").id;
    const { cookie } = createSession(other, "a", "ua");
    expect(readSession(cookie)?.user.username).toBe("short-lived");
    store().db.prepare("DELETE FROM users WHERE id = ?").run(other);
    expect(readSession(cookie)).toBeNull();
  });

  it("refuses a cookie signed with another data folder's key, though the session row exists there", () => {
    const { cookie } = createSession(userId, "a", "ua");
    const [secret] = cookie.split(".") as [string];
    const firstKey = store().key;

    process.env.NETATLAS_DATA_DIR = freshDir();
    const second = store();
    expect(second.key.equals(firstKey)).toBe(false);
    const bob = insertUser("bob", hash, "admin").id;
    // The same secret's row, planted in the second folder: only the signature can tell the cookie is foreign.
    second.db
      .prepare(
        "INSERT INTO sessions (id, user_id, created_at, expires_at, address, user_agent) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(sessionId(secret), bob, Date.now(), Date.now() + 3_600_000, "a", "ua");
    expect(readSession(cookie)).toBeNull();
    // The same secret signed with the second folder's key does read: the refusal above was the key's doing.
    const resigned = `${secret}.${createHmac("sha256", second.key).update(secret).digest("base64url")}`;
    expect(readSession(resigned)?.user.username).toBe("bob");
  });
});

describe("endSession", () => {
  it("revokes the session at once and tells listeners", () => {
    const { cookie } = createSession(userId, "a", "ua");
    const id = readSession(cookie)?.session.id ?? "";
    let signals = 0;
    const off = onRevoked(() => {
      signals++;
    });
    try {
      endSession(id);
    } finally {
      off();
    }
    expect(signals).toBe(1);
    expect(readSession(cookie)).toBeNull();
    expect(sessionAlive(id)).toBe(false);
    expect(rowCount(id)).toBe(0);
  });

  it("leaves the user's other sessions alone", () => {
    const a = createSession(userId, "a", "ua").cookie;
    const b = createSession(userId, "b", "ua").cookie;
    endSession(readSession(a)?.session.id ?? "");
    expect(readSession(a)).toBeNull();
    expect(readSession(b)).not.toBeNull();
  });
});

describe("sweepSessions", () => {
  it("drops expired rows and keeps live ones", () => {
    const live = createSession(userId, "a", "ua").cookie;
    const stale = createSession(userId, "a", "ua").cookie;
    const staleId = readSession(stale)?.session.id ?? "";
    store()
      .db.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?")
      .run(Date.now() - 1000, staleId);
    sweepSessions();
    expect(rowCount(staleId)).toBe(0);
    expect(readSession(live)).not.toBeNull();
  });
});

describe("session cookies", () => {
  const attributes = (cookie: string) => cookie.split(";").map((s) => s.trim());

  it("sets HttpOnly, SameSite=Strict, Path=/ and Max-Age; Secure only over https", () => {
    const expiresAt = Date.now() + 3_600_000;
    const plain = attributes(sessionCookie("abc.def", expiresAt, false));
    const secure = attributes(sessionCookie("abc.def", expiresAt, true));
    for (const list of [plain, secure]) {
      expect(list[0]).toBe(`${SESSION_COOKIE}=abc.def`);
      expect(list).toContain("HttpOnly");
      expect(list).toContain("SameSite=Strict");
      expect(list).toContain("Path=/");
      const maxAge = Number(list.find((a) => a.startsWith("Max-Age="))?.slice("Max-Age=".length));
      expect(maxAge).toBeGreaterThan(3590);
      expect(maxAge).toBeLessThanOrEqual(3600);
    }
    expect(plain).not.toContain("Secure");
    expect(secure).toContain("Secure");
  });

  it("never sends a negative Max-Age for a session already past its expiry", () => {
    expect(attributes(sessionCookie("abc.def", Date.now() - 60_000, false))).toContain("Max-Age=0");
  });

  it("clears with an empty value and Max-Age=0, with the same attributes", () => {
    for (const secure of [false, true]) {
      const list = attributes(clearedSessionCookie(secure));
      expect(list[0]).toBe(`${SESSION_COOKIE}=`);
      expect(list).toContain("Max-Age=0");
      expect(list).toContain("HttpOnly");
      expect(list).toContain("SameSite=Strict");
      expect(list).toContain("Path=/");
      expect(list.includes("Secure")).toBe(secure);
    }
  });
});
