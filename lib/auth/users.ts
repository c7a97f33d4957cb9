// Users and their roles. The last admin can be neither removed nor demoted; removing a user ends their
// sessions and revokes their tokens (ON DELETE CASCADE); a password change ends every other session.
import "server-only";
import type { Role, UserDto } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { now, store } from "./db";
import { hashPassword } from "./passwords";
import { notifyRevoked } from "./revocation";

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  created_at: number;
  updated_at: number;
}

export function toUserDto(row: UserRow): UserDto {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function countUsers(): number {
  return (store().db.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n;
}

export function listUsers(): UserDto[] {
  const rows = store().db.prepare("SELECT * FROM users ORDER BY username").all() as UserRow[];
  return rows.map(toUserDto);
}

export function userById(id: number): UserRow | undefined {
  return store().db.prepare("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
}

export function userByName(username: string): UserRow | undefined {
  return store().db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined;
}

function mustExist(id: number): UserRow {
  const row = userById(id);
  if (!row) throw new AppError("not_found", `There is no user with id ${id}.`);
  return row;
}

/** Inserts a user whose password is already hashed; a taken name (any case) is a 409. */
export function insertUser(username: string, passwordHash: string, role: Role): UserDto {
  const t = now();
  try {
    const info = store()
      .db.prepare(
        "INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(username, passwordHash, role, t, t);
    return toUserDto(mustExist(Number(info.lastInsertRowid)));
  } catch (err) {
    if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") {
      throw new AppError("conflict", `A user named "${username}" already exists.`);
    }
    throw err;
  }
}

export async function createUser(username: string, password: string, role: Role): Promise<UserDto> {
  return insertUser(username, await hashPassword(password), role);
}

function admins(): number {
  return (store().db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").get() as { n: number })
    .n;
}

export function setRole(id: number, role: Role): UserDto {
  const db = store().db;
  const changed = db
    .transaction(() => {
      const row = mustExist(id);
      if (row.role === "admin" && role !== "admin" && admins() === 1) {
        throw new AppError("conflict", `${row.username} is the last admin; make another admin first.`);
      }
      db.prepare("UPDATE users SET role = ?, updated_at = ? WHERE id = ?").run(role, now(), id);
      return toUserDto(mustExist(id));
    })
    .immediate();
  notifyRevoked();
  return changed;
}

export function deleteUser(id: number, actingUserId: number | null): UserDto {
  const db = store().db;
  const removed = db
    .transaction(() => {
      const row = mustExist(id);
      if (id === actingUserId)
        throw new AppError("conflict", "You cannot remove yourself; ask another admin.");
      if (row.role === "admin" && admins() === 1) {
        throw new AppError("conflict", `${row.username} is the last admin and cannot be removed.`);
      }
      db.prepare("DELETE FROM users WHERE id = ?").run(id);
      return toUserDto(row);
    })
    .immediate();
  notifyRevoked();
  return removed;
}

/** Sets a new password and ends the user's other sessions (the one given is kept). */
export async function changePassword(
  id: number,
  password: string,
  keepSession: string | null,
): Promise<void> {
  const hash = await hashPassword(password);
  const db = store().db;
  db.transaction(() => {
    mustExist(id);
    db.prepare("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?").run(hash, now(), id);
    db.prepare("DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?").run(id, keepSession);
  }).immediate();
  notifyRevoked();
}
