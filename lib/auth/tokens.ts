// API tokens for scripts: "nat_" and 32 random bytes, shown once; the database keeps only the SHA-256 and
// a short prefix. A token's scope (read or operator) caps its owner's role; revoking is immediate.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { NewTokenDto, TokenDto, TokenScope } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { now, store } from "./db";
import { notifyRevoked } from "./revocation";
import type { UserRow } from "./users";

export const TOKEN_PREFIX = "nat_";

export interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  scope: TokenScope;
  hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function toDto(row: TokenRow): TokenDto {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function createToken(userId: number, name: string, scope: TokenScope): NewTokenDto {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const info = store()
    .db.prepare(
      "INSERT INTO tokens (user_id, name, scope, hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .run(userId, name, scope, hashToken(token), token.slice(0, TOKEN_PREFIX.length + 6), now());
  const row = store().db.prepare("SELECT * FROM tokens WHERE id = ?").get(info.lastInsertRowid) as TokenRow;
  return { ...toDto(row), token };
}

export function listTokens(userId: number): TokenDto[] {
  const rows = store()
    .db.prepare("SELECT * FROM tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC")
    .all(userId) as TokenRow[];
  return rows.map(toDto);
}

/** Revokes one of the user's own tokens (an admin may revoke anyone's). */
export function revokeToken(id: number, userId: number, isAdmin: boolean): TokenDto {
  const db = store().db;
  const row = db.prepare("SELECT * FROM tokens WHERE id = ?").get(id) as TokenRow | undefined;
  if (!row || (row.user_id !== userId && !isAdmin))
    throw new AppError("not_found", `There is no token with id ${id}.`);
  if (row.revoked_at === null) {
    db.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ?").run(now(), id);
    notifyRevoked();
  }
  return toDto(db.prepare("SELECT * FROM tokens WHERE id = ?").get(id) as TokenRow);
}

/** The live token and its user for a bearer value; null when unknown or revoked. */
export function readToken(bearer: string): { token: TokenRow; user: UserRow } | null {
  if (!bearer.startsWith(TOKEN_PREFIX)) return null;
  const db = store().db;
  const token = db.prepare("SELECT * FROM tokens WHERE hash = ?").get(hashToken(bearer)) as
    | TokenRow
    | undefined;
  if (!token || token.revoked_at !== null) return null;
  const user = db.prepare("SELECT * FROM users WHERE id = ?").get(token.user_id) as UserRow | undefined;
  return user ? { token, user } : null;
}

export function tokenAlive(id: number): boolean {
  return Boolean(store().db.prepare("SELECT 1 FROM tokens WHERE id = ? AND revoked_at IS NULL").get(id));
}

/** Marks a token used; answers true when this is its first use in `quietMs` (then the use is audited). */
export function touchToken(row: TokenRow, quietMs = 10 * 60_000): boolean {
  const t = now();
  const first = row.last_used_at === null || t - row.last_used_at >= quietMs;
  if (first || t - (row.last_used_at ?? 0) >= 60_000) {
    store().db.prepare("UPDATE tokens SET last_used_at = ? WHERE id = ?").run(t, row.id);
  }
  return first;
}

/** Revokes every live token of a user (sign out everywhere); how many were live. */
export function revokeAllTokens(userId: number): number {
  const { changes } = store()
    .db.prepare("UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
    .run(now(), userId);
  if (changes) notifyRevoked();
  return changes;
}
