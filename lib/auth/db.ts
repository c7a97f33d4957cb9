// The data folder: one SQLite file (users, sessions, API tokens, the audit log) and the key that signs
// session cookies. Opened once per process; a folder that cannot be created or written, or a database that
// is corrupt, is a DataDirError with what to do, raised at start (instrumentation.ts), not on a later request.
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { dataDir } from "./settings";

export type Db = Database.Database;

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataDirError";
  }
}

export interface Store {
  dir: string;
  db: Db;
  /** The key session cookies are signed with (32 bytes, kept in <data>/session.key). */
  key: Buffer;
}

/** 3: tokens may have the scope "audit"; engines added on /engines. */
const SCHEMA_VERSION = 3;

/**
 * Rows leave the audit log only by archiving (lib/auth/audit-archive.ts): copied to a file in
 * <data>/audit-archive whose hash is chained to the one before, after which the watermark
 * meta.audit_archived_upto moves up to the last archived id. Any other DELETE is refused. (Schema 1 refused
 * every DELETE; this trigger replaces it.)
 */
const DELETE_TRIGGER = `
DROP TRIGGER IF EXISTS audit_append_only_delete;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
  WHEN OLD.id > COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'audit_archived_upto'), 0)
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (rows leave it only by archiving)'); END;
`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  address TEXT NOT NULL,
  user_agent TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);
CREATE TABLE IF NOT EXISTS tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('read', 'operator', 'audit')),
  hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  actor TEXT NOT NULL,
  via TEXT NOT NULL,
  address TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  params TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('ok', 'error', 'denied')),
  status INTEGER NOT NULL,
  error TEXT
);
CREATE INDEX IF NOT EXISTS audit_time ON audit(time);
-- Engines added on /engines (lib/engines/store.ts); their TLS/SSH material lives in <data>/engines/<id>/.
CREATE TABLE IF NOT EXISTS engines (
  id TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  tls INTEGER NOT NULL DEFAULT 0,
  description TEXT,
  context TEXT,
  added_at INTEGER NOT NULL,
  added_by TEXT NOT NULL,
  changed_at INTEGER,
  changed_by TEXT
);
CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- INSERT OR REPLACE deletes the old row without firing delete triggers: refuse reusing an id.
CREATE TRIGGER IF NOT EXISTS audit_append_only_replace BEFORE INSERT ON audit
  WHEN NEW.id IN (SELECT id FROM audit)
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/**
 * Schema 2's tokens table allowed the scopes read and operator only; SQLite cannot change a CHECK in place, so
 * the table is copied into one that also allows "audit" (ids, hashes and times kept), inside the opening
 * transaction: all or nothing.
 */
function widenTokenScopes(db: Db): void {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'tokens'").get() as
    | { sql: string }
    | undefined;
  if (!row || row.sql.includes("'audit'")) return;
  const created = row.sql
    .replace(/^CREATE TABLE\s+"?tokens"?/i, "CREATE TABLE tokens_widened")
    .replace("CHECK (scope IN ('read', 'operator'))", "CHECK (scope IN ('read', 'operator', 'audit'))");
  if (!created.includes("'audit'")) throw new Error("the tokens table's scope check is not the one expected");
  db.exec(created);
  db.exec("INSERT INTO tokens_widened SELECT * FROM tokens");
  db.exec("DROP TABLE tokens");
  db.exec("ALTER TABLE tokens_widened RENAME TO tokens");
}

function fail(dir: string, what: string, cause: unknown): never {
  const reason = cause instanceof Error ? cause.message : String(cause);
  throw new DataDirError(
    `Netatlas cannot use its data folder ${dir}: ${what} (${reason}). Set NETATLAS_DATA_DIR to a folder this user can write, or fix the permissions; it holds users, sessions, API tokens and the audit log.`,
  );
}

function readKey(dir: string): Buffer {
  const file = path.join(dir, "session.key");
  if (!fs.existsSync(file)) {
    // Written aside, then linked into place: two servers starting on one folder agree on one whole key.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    try {
      fs.writeFileSync(temp, randomBytes(32).toString("hex"), { mode: 0o600 });
      fs.linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") fail(dir, "cannot write session.key", err);
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch (err) {
    fail(dir, "cannot read session.key", err);
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new DataDirError(
      `Netatlas's session key ${file} is damaged (expected 64 hex characters). Delete it to make a new one; everyone will have to sign in again.`,
    );
  }
  return Buffer.from(text, "hex");
}

/** The files that hold secrets or the log: the folder must be 0700 and these 0600. */
export const PRIVATE_FILES = [
  "netatlas.db",
  "netatlas.db-wal",
  "netatlas.db-shm",
  "session.key",
  "setup-token",
];

/** Folders of the data folder that hold secrets or the log: 0700. */
const PRIVATE_FOLDERS = ["audit-archive", "engines"];

/**
 * Tightens the folder to 0700 and its private files to 0600 (an existing folder may have been made by hand,
 * or by an older Netatlas); refuses to start with what to do when that is not possible (another owner).
 */
export function tightenModes(dir: string): void {
  const tighten = (file: string, mode: number) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    if (st.isSymbolicLink()) {
      throw new DataDirError(
        `Netatlas's data file ${file} is a symbolic link; it must be a plain file in the data folder.`,
      );
    }
    if ((st.mode & 0o777 & ~mode) === 0) return;
    try {
      fs.chmodSync(file, mode);
    } catch (err) {
      throw new DataDirError(
        `${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}) and Netatlas cannot tighten it to ${mode.toString(8)} (${(err as Error).message}). Run: chmod ${mode.toString(8)} ${file} (as its owner), or start Netatlas as the user who owns it.`,
      );
    }
  };
  tighten(dir, 0o700);
  for (const name of [...PRIVATE_FILES, ...PRIVATE_FOLDERS]) {
    tighten(path.join(dir, name), PRIVATE_FOLDERS.includes(name) ? 0o700 : 0o600);
  }
  // Each engine's TLS and SSH material (lib/engines/store.ts): folders 0700, files 0600.
  const engines = path.join(dir, "engines");
  if (!fs.existsSync(engines)) return;
  for (const entry of fs.readdirSync(engines, { withFileTypes: true })) {
    const folder = path.join(engines, entry.name);
    tighten(folder, entry.isDirectory() ? 0o700 : 0o600);
    if (!entry.isDirectory()) continue;
    for (const file of fs.readdirSync(folder)) tighten(path.join(folder, file), 0o600);
  }
}

export function openStore(dir: string): Store {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.R_OK);
  } catch (err) {
    fail(dir, "it cannot be created or written", err);
  }
  tightenModes(dir);
  const file = path.join(dir, "netatlas.db");
  let opened: Db | undefined;
  try {
    opened = new Database(file);
    const db = opened;
    db.pragma("busy_timeout = 5000");
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(String(check));
  } catch (err) {
    opened?.close();
    fail(dir, `${file} is not a readable Netatlas database (corrupt? move it away to start afresh)`, err);
  }
  const db = opened;
  try {
    db.exec(SCHEMA);
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as
      | { value: string }
      | undefined;
    if (row && Number(row.value) > SCHEMA_VERSION) {
      throw new Error(`database schema ${row.value} is newer than this Netatlas (${SCHEMA_VERSION})`);
    }
    db.transaction(() => {
      db.exec(DELETE_TRIGGER);
      widenTokenScopes(db);
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      ).run(String(SCHEMA_VERSION));
    }).immediate();
  } catch (err) {
    db.close();
    fail(dir, "its database cannot be prepared", err);
  }
  try {
    const key = readKey(dir);
    // The database, WAL and shared-memory files exist now: they get 0600 whatever the umask made them.
    tightenModes(dir);
    return { dir, db, key };
  } catch (err) {
    db.close();
    throw err;
  }
}

const holder = globalThis as typeof globalThis & { __netatlasStores?: Map<string, Store> };

/** The store of the configured data folder, opened on first use. */
export function store(): Store {
  holder.__netatlasStores ??= new Map();
  const dir = dataDir();
  let s = holder.__netatlasStores.get(dir);
  if (!s) {
    s = openStore(dir);
    holder.__netatlasStores.set(dir, s);
  }
  return s;
}

export function now(): number {
  return Date.now();
}
