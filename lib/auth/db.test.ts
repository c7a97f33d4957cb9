// The data folder: a fresh one gets its database and a private session key, a reopened one keeps its key,
// and every unusable folder (corrupt database, a path that cannot be a folder, a damaged or unreadable key,
// a database from a newer Netatlas) is a DataDirError that names the folder or file, never a raw crash.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DataDirError, openStore, type Store, store, tightenModes } from "./db";

const dirs: string[] = [];
const opened: Store[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-db-"));
  dirs.push(dir);
  return dir;
}

function open(dir: string): Store {
  const s = openStore(dir);
  opened.push(s);
  return s;
}

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

afterEach(() => {
  for (const s of opened.splice(0)) if (s.db.open) s.db.close();
});

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  delete process.env.NETATLAS_DATA_DIR;
});

describe("openStore on a fresh folder", () => {
  it("creates netatlas.db and a 64-hex session.key readable by its owner only", () => {
    const dir = tempDir();
    const s = open(dir);
    expect(s.dir).toBe(dir);
    expect(fs.existsSync(path.join(dir, "netatlas.db"))).toBe(true);
    const keyFile = path.join(dir, "session.key");
    const text = fs.readFileSync(keyFile, "utf8");
    expect(text).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(s.key).toHaveLength(32);
    expect(s.key.toString("hex")).toBe(text);
    // No temporary key file is left behind.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("session.key."))).toEqual([]);
  });

  it("creates a missing folder (and its parents) private to its owner", () => {
    const dir = path.join(tempDir(), "nested", "data");
    open(dir);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("makes the tables, the append-only triggers, foreign keys on and WAL", () => {
    const s = open(tempDir());
    const names = (
      s.db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "meta",
        "users",
        "sessions",
        "tokens",
        "audit",
        "audit_append_only_update",
        "audit_append_only_delete",
      ]),
    );
    expect(s.db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(s.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(s.db.prepare("SELECT value FROM meta WHERE key = 'schema'").get()).toEqual({ value: "3" });
  });

  it("gives two folders two different keys", () => {
    expect(open(tempDir()).key.equals(open(tempDir()).key)).toBe(false);
  });
});

describe("the data folder's modes", () => {
  it("tightens an existing folder and its database, WAL and key files to 0700/0600", () => {
    const dir = tempDir();
    open(dir).db.close();
    fs.chmodSync(dir, 0o755);
    for (const f of ["netatlas.db", "session.key"]) fs.chmodSync(path.join(dir, f), 0o644);
    fs.writeFileSync(path.join(dir, "setup-token"), "x\n", { mode: 0o644 });
    const s = open(dir);
    s.db.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'wal')").run();
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of ["netatlas.db", "netatlas.db-wal", "netatlas.db-shm", "session.key", "setup-token"]) {
      expect({ f, mode: fs.statSync(path.join(dir, f)).mode & 0o777 }).toEqual({ f, mode: 0o600 });
    }
  });

  it("refuses a private file that is a symbolic link, naming it", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "elsewhere"), "");
    fs.symlinkSync(path.join(dir, "elsewhere"), path.join(dir, "session.key"));
    const err = failure(() => tightenModes(dir));
    expect(err).toBeInstanceOf(DataDirError);
    expect(err.message).toContain("session.key");
  });

  it("refuses to start with what to do when a file cannot be tightened (not its owner)", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "netatlas.db"), "", { mode: 0o644 });
    // As root every chmod succeeds: make this one fail the way it does for a file of another user.
    const chmod = fs.chmodSync;
    fs.chmodSync = (() => {
      throw Object.assign(new Error("EPERM: operation not permitted"), { code: "EPERM" });
    }) as typeof fs.chmodSync;
    try {
      const err = failure(() => tightenModes(dir));
      expect(err).toBeInstanceOf(DataDirError);
      expect(err.message).toMatch(/netatlas\.db is readable by others \(mode 644\).*chmod 600/);
    } finally {
      fs.chmodSync = chmod;
    }
  });
});

describe("a schema 2 database", () => {
  it("is upgraded in place: its tokens kept, and the scope audit allowed from then on", () => {
    const dir = tempDir();
    const first = open(dir);
    // The tokens table as schema 2 made it (read and operator only), with one token in it.
    first.db.exec("DROP TABLE tokens");
    first.db.exec(`CREATE TABLE tokens (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      scope TEXT NOT NULL CHECK (scope IN ('read', 'operator')),
      hash TEXT NOT NULL UNIQUE,
      prefix TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER,
      revoked_at INTEGER
    )`);
    first.db
      .prepare(
        "INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES ('ana', 'x', 'admin', 1, 1)",
      )
      .run();
    first.db
      .prepare(
        "INSERT INTO tokens (id, user_id, name, scope, hash, prefix, created_at) VALUES (7, 1, 'ci', 'operator', 'h', 'nat_ab', 5)",
      )
      .run();
    expect(() =>
      first.db
        .prepare(
          "INSERT INTO tokens (user_id, name, scope, hash, prefix, created_at) VALUES (1, 'x', 'audit', 'h2', 'p', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    first.db.prepare("UPDATE meta SET value = '2' WHERE key = 'schema'").run();
    first.db.close();

    const second = open(dir);
    expect(second.db.prepare("SELECT id, name, scope, hash FROM tokens").all()).toEqual([
      { id: 7, name: "ci", scope: "operator", hash: "h" },
    ]);
    second.db
      .prepare(
        "INSERT INTO tokens (user_id, name, scope, hash, prefix, created_at) VALUES (1, 'logs', 'audit', 'h3', 'p', 1)",
      )
      .run();
    expect(second.db.prepare("SELECT value FROM meta WHERE key = 'schema'").get()).toEqual({ value: "3" });
    expect(() =>
      second.db
        .prepare(
          "INSERT INTO tokens (user_id, name, scope, hash, prefix, created_at) VALUES (1, 'x', 'root', 'h4', 'p', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});

describe("reopening a folder", () => {
  it("keeps the same key and the data", () => {
    const dir = tempDir();
    const first = open(dir);
    first.db.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'kept')").run();
    first.db.close();
    const second = open(dir);
    expect(second.key.equals(first.key)).toBe(true);
    expect(second.db.prepare("SELECT value FROM meta WHERE key = 'probe'").get()).toEqual({ value: "kept" });
  });

  it("accepts a key file with a trailing newline (edited by hand)", () => {
    const dir = tempDir();
    const key = open(dir).key;
    fs.writeFileSync(path.join(dir, "session.key"), `${key.toString("hex")}\n`);
    expect(open(dir).key.equals(key)).toBe(true);
  });
});

describe("store()", () => {
  it("opens the folder named by NETATLAS_DATA_DIR once, and another when it changes", () => {
    const a = tempDir();
    const b = tempDir();
    process.env.NETATLAS_DATA_DIR = a;
    const sa = store();
    expect(store()).toBe(sa);
    expect(sa.dir).toBe(a);
    process.env.NETATLAS_DATA_DIR = b;
    const sb = store();
    expect(sb).not.toBe(sa);
    expect(sb.dir).toBe(b);
  });
});

describe("an unusable data folder", () => {
  it("refuses a corrupt database with a DataDirError naming the folder", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "netatlas.db"),
      Buffer.from("this is not an SQLite database, just text ".repeat(200)),
    );
    const err = failure(() => open(dir));
    expect(err).toBeInstanceOf(DataDirError);
    expect(err.name).toBe("DataDirError");
    expect(err.message).toContain(dir);
    expect(err.message).toContain("netatlas.db");
    expect(err.message).toContain("NETATLAS_DATA_DIR");
  });

  it("refuses a path under a regular file (cannot be a folder) with a DataDirError naming it", () => {
    const file = path.join(tempDir(), "afile");
    fs.writeFileSync(file, "I am a file");
    const dir = path.join(file, "data");
    const err = failure(() => open(dir));
    expect(err).toBeInstanceOf(DataDirError);
    expect(err.message).toContain(dir);
    expect(err.message).toContain("cannot be created or written");
  });

  it("refuses a regular file given as the folder itself", () => {
    const file = path.join(tempDir(), "afile");
    fs.writeFileSync(file, "I am a file");
    expect(failure(() => open(file))).toBeInstanceOf(DataDirError);
  });

  it("refuses a damaged session.key with a DataDirError naming it", () => {
    const dir = tempDir();
    open(dir);
    const keyFile = path.join(dir, "session.key");
    for (const damaged of ["", "abc", "z".repeat(64), "ab".repeat(31), "ab".repeat(33)]) {
      fs.writeFileSync(keyFile, damaged);
      const err = failure(() => open(dir));
      expect(err, JSON.stringify(damaged)).toBeInstanceOf(DataDirError);
      expect(err.message).toContain(keyFile);
    }
  });

  it("refuses a session.key that cannot be read with a DataDirError, not a raw error", () => {
    const dir = tempDir();
    // A folder where the key file should be: reading it fails (like a key owned by another user would).
    fs.mkdirSync(path.join(dir, "session.key"));
    const err = failure(() => open(dir));
    expect(err).toBeInstanceOf(DataDirError);
    expect(err.message).toContain(dir);
  });

  it("leaves no file handle on the database open after refusing the folder", () => {
    /** Open descriptors of this process on files inside `dir` (Linux, where Netatlas runs). */
    const handlesIn = (dir: string) =>
      fs.readdirSync("/proc/self/fd").filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(`${dir}/`);
        } catch {
          return false;
        }
      });
    const corrupt = tempDir();
    fs.writeFileSync(path.join(corrupt, "netatlas.db"), "not a database ".repeat(200));
    expect(failure(() => open(corrupt))).toBeInstanceOf(DataDirError);
    expect(handlesIn(corrupt), "corrupt database").toEqual([]);

    const badKey = tempDir();
    fs.writeFileSync(path.join(badKey, "session.key"), "damaged");
    expect(failure(() => open(badKey))).toBeInstanceOf(DataDirError);
    expect(handlesIn(badKey), "damaged key").toEqual([]);
  });

  it("refuses a database made by a newer Netatlas", () => {
    const dir = tempDir();
    open(dir).db.close();
    const raw = new Database(path.join(dir, "netatlas.db"));
    raw.prepare("UPDATE meta SET value = '99' WHERE key = 'schema'").run();
    raw.close();
    const err = failure(() => open(dir));
    expect(err).toBeInstanceOf(DataDirError);
    expect(err.message).toContain("99");
  });
});
