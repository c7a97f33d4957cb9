// Browser sessions: a random secret in an httpOnly, SameSite=Strict cookie (Secure over https), signed with
// the data folder's key; the database keeps only its SHA-256, so logout and expiry really end it.
import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { now, store } from "./db";
import { notifyRevoked } from "./revocation";
import { sessionHours } from "./settings";
import type { UserRow } from "./users";

export const SESSION_COOKIE = "netatlas_session";

export interface SessionRow {
  id: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  address: string;
  user_agent: string;
}

function sign(secret: string): string {
  return createHmac("sha256", store().key).update(secret).digest("base64url");
}

export function sessionId(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function createSession(userId: number, address: string, userAgent: string) {
  const secret = randomBytes(32).toString("base64url");
  const created = now();
  const expiresAt = created + sessionHours() * 3_600_000;
  store()
    .db.prepare(
      "INSERT INTO sessions (id, user_id, created_at, expires_at, address, user_agent) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .run(sessionId(secret), userId, created, expiresAt, address, userAgent.slice(0, 200));
  return { cookie: `${secret}.${sign(secret)}`, expiresAt };
}

/** The live session and its user for a cookie value; null when unsigned, tampered, expired or ended. */
export function readSession(cookie: string | undefined): { session: SessionRow; user: UserRow } | null {
  if (!cookie) return null;
  const dot = cookie.indexOf(".");
  if (dot <= 0) return null;
  const secret = cookie.slice(0, dot);
  const given = Buffer.from(cookie.slice(dot + 1));
  const expected = Buffer.from(sign(secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const db = store().db;
  const session = db.prepare("SELECT * FROM sessions WHERE id = ?").get(sessionId(secret)) as
    | SessionRow
    | undefined;
  if (!session) return null;
  if (session.expires_at <= now()) {
    db.prepare("DELETE FROM sessions WHERE id = ?").run(session.id);
    return null;
  }
  const user = db.prepare("SELECT * FROM users WHERE id = ?").get(session.user_id) as UserRow | undefined;
  return user ? { session, user } : null;
}

export function sessionAlive(id: string): boolean {
  return Boolean(store().db.prepare("SELECT 1 FROM sessions WHERE id = ? AND expires_at > ?").get(id, now()));
}

export function endSession(id: string): void {
  store().db.prepare("DELETE FROM sessions WHERE id = ?").run(id);
  notifyRevoked();
}

/** Drops expired rows; called now and then so the table does not grow without end. */
export function sweepSessions(): void {
  store().db.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(now());
}

function cookieAttributes(secure: boolean): string {
  return `Path=/; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

export function sessionCookie(value: string, expiresAt: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - now()) / 1000));
  return `${SESSION_COOKIE}=${value}; Max-Age=${maxAge}; ${cookieAttributes(secure)}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Max-Age=0; ${cookieAttributes(secure)}`;
}
