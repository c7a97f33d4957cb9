// API tokens against a throwaway data folder: shown once and stored only as a hash, read back, revoked at
// once (by their owner or an admin, nobody else), gone with their user, and "first use" audited once per
// quiet period.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/api/errors";
import { store } from "./db";
import { hashPassword } from "./passwords";
import { onRevoked } from "./revocation";
import { createSession, readSession } from "./sessions";
import {
  createToken,
  listTokens,
  readToken,
  revokeToken,
  TOKEN_PREFIX,
  tokenAlive,
  touchToken,
} from "./tokens";
import { deleteUser, insertUser } from "./users";

let dir: string;
let hash: string;
let alice: number;
let bob: number;
let admin: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-tokens-"));
  process.env.NETATLAS_DATA_DIR = dir;
  hash = await hashPassword("correct horse battery staple");
  alice = insertUser("alice", hash, "operator").id;
  bob = insertUser("bob", hash, "operator").id;
  admin = insertUser("root", hash, "admin").id;
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.NETATLAS_DATA_DIR;
});

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("createToken", () => {
  it('returns the "nat_" secret once, with its DTO', () => {
    const made = createToken(alice, "ci deploy", "operator");
    expect(made.token).toMatch(/^nat_[A-Za-z0-9_-]{43}$/);
    expect(made.token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(made).toMatchObject({ name: "ci deploy", scope: "operator", lastUsedAt: null, revokedAt: null });
    expect(made.prefix).toBe(made.token.slice(0, 10));
    expect(Number.isNaN(Date.parse(made.createdAt))).toBe(false);
  });

  it("makes a different secret every time", () => {
    const a = createToken(alice, "same", "read").token;
    const b = createToken(alice, "same", "read").token;
    expect(a).not.toBe(b);
  });

  it("stores only the SHA-256 and the short prefix, never the secret", () => {
    const made = createToken(alice, "stored", "read");
    const row = store().db.prepare("SELECT * FROM tokens WHERE id = ?").get(made.id) as Record<
      string,
      unknown
    >;
    expect(row.hash).toBe(createHash("sha256").update(made.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(made.token);
    expect(JSON.stringify(row)).not.toContain(made.token.slice(10));
  });
});

describe("listTokens", () => {
  it("lists the user's tokens, newest first, without the secret or its hash", () => {
    const user = insertUser("lister", hash, "viewer").id;
    const first = createToken(user, "first", "read");
    const second = createToken(user, "second", "read");
    createToken(alice, "not lister's", "read");
    const list = listTokens(user);
    expect(list.map((t) => t.id)).toEqual([second.id, first.id]);
    for (const t of list) {
      expect(Object.keys(t).sort()).toEqual(
        ["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scope"].sort(),
      );
    }
    const text = JSON.stringify(list);
    expect(text).not.toContain(first.token);
    expect(text).not.toContain(second.token);
    expect(text).not.toContain(createHash("sha256").update(first.token).digest("hex"));
  });
});

describe("readToken", () => {
  it("finds the token and its user from the bearer value", () => {
    const made = createToken(alice, "reader", "read");
    const found = readToken(made.token);
    expect(found?.token).toMatchObject({ id: made.id, user_id: alice, scope: "read", name: "reader" });
    expect(found?.user).toMatchObject({ id: alice, username: "alice", role: "operator" });
  });

  it("refuses unknown, altered, truncated or unprefixed values", () => {
    const made = createToken(alice, "exact", "read");
    const body = made.token.slice(TOKEN_PREFIX.length);
    for (const bad of [
      "",
      "nat_",
      body,
      `NAT_${body}`,
      `${made.token}x`,
      made.token.slice(0, -1),
      `nat_${body[0] === "A" ? "B" : "A"}${body.slice(1)}`,
    ]) {
      expect(readToken(bad), bad).toBeNull();
    }
    expect(readToken(made.token)).not.toBeNull();
  });
});

describe("revokeToken", () => {
  it("revokes its owner's token at once and tells listeners (once)", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse("2026-03-01T09:00:00Z"));
    const made = createToken(alice, "to revoke", "operator");
    expect(tokenAlive(made.id)).toBe(true);
    let signals = 0;
    const off = onRevoked(() => {
      signals++;
    });
    try {
      const revoked = revokeToken(made.id, alice, false);
      expect(revoked.revokedAt).not.toBeNull();
      // Revoking again, later, changes nothing and signals nothing.
      vi.setSystemTime(Date.parse("2026-03-01T09:05:00Z"));
      const again = revokeToken(made.id, alice, false);
      expect(again.revokedAt).toBe(revoked.revokedAt);
    } finally {
      off();
    }
    expect(signals).toBe(1);
    expect(readToken(made.token)).toBeNull();
    expect(tokenAlive(made.id)).toBe(false);
    expect(listTokens(alice).find((t) => t.id === made.id)?.revokedAt).not.toBeNull();
  });

  it("answers 404 to a user revoking someone else's token, and leaves it working", () => {
    const made = createToken(alice, "alice's", "read");
    const err = caught(() => revokeToken(made.id, bob, false));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("not_found");
    expect(tokenAlive(made.id)).toBe(true);
    expect(readToken(made.token)).not.toBeNull();
  });

  it("lets an admin revoke anyone's token", () => {
    const made = createToken(alice, "alice's too", "read");
    expect(revokeToken(made.id, admin, true).revokedAt).not.toBeNull();
    expect(readToken(made.token)).toBeNull();
  });

  it("answers 404 for a token that does not exist, even to an admin", () => {
    const err = caught(() => revokeToken(999_999, admin, true));
    expect((err as AppError).code).toBe("not_found");
  });
});

describe("removing a user", () => {
  it("kills their tokens and their sessions", () => {
    const carol = insertUser("carol", hash, "operator").id;
    const made = createToken(carol, "carol's", "operator");
    const { cookie } = createSession(carol, "a", "ua");
    expect(readToken(made.token)).not.toBeNull();
    expect(readSession(cookie)).not.toBeNull();
    deleteUser(carol, admin);
    expect(readToken(made.token)).toBeNull();
    expect(tokenAlive(made.id)).toBe(false);
    expect(readSession(cookie)).toBeNull();
    expect(listTokens(carol)).toEqual([]);
  });
});

describe("touchToken", () => {
  it("answers true on first use and false on the next within the quiet period, true again after it", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.parse("2026-03-01T10:00:00Z");
    vi.setSystemTime(t0);
    const made = createToken(alice, "touched", "read");
    const read = () => readToken(made.token)?.token ?? expect.fail("token vanished");

    expect(touchToken(read())).toBe(true);
    expect(read().last_used_at).toBe(t0);
    expect(listTokens(alice).find((t) => t.id === made.id)?.lastUsedAt).toBe(new Date(t0).toISOString());

    vi.setSystemTime(t0 + 5_000);
    expect(touchToken(read())).toBe(false);
    // Within a minute of the last write, last_used_at is not rewritten.
    expect(read().last_used_at).toBe(t0);

    vi.setSystemTime(t0 + 61_000);
    expect(touchToken(read())).toBe(false);
    expect(read().last_used_at).toBe(t0 + 61_000);

    // Ten minutes after the last recorded use, it is a "first use" again.
    vi.setSystemTime(t0 + 61_000 + 10 * 60_000);
    expect(touchToken(read())).toBe(true);
  });

  it("honours a shorter quiet period", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.parse("2026-03-02T10:00:00Z");
    vi.setSystemTime(t0);
    const made = createToken(alice, "quiet", "read");
    const read = () => readToken(made.token)?.token ?? expect.fail("token vanished");
    expect(touchToken(read(), 1_000)).toBe(true);
    vi.setSystemTime(t0 + 999);
    expect(touchToken(read(), 1_000)).toBe(false);
    vi.setSystemTime(t0 + 1_000);
    expect(touchToken(read(), 1_000)).toBe(true);
  });
});
