// Engines added on /engines: one row each in the data folder's database, and their TLS and SSH material as
// files in <data>/engines/<id>/ (folder 0700, files 0600), laid out as the docker CLI's certificate folder
// (ca.pem, cert.pem, key.pem) plus id_key and known_hosts. A change writes the files aside and moves them into
// place only when the row is written: a failure leaves what was there before, whole.
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { EngineMaterialInput } from "@/lib/api/engines";
import { now, store } from "@/lib/auth/db";
import type { EngineConfig } from "@/lib/docker/config";

export interface StoredEngine {
  id: string;
  address: string;
  tls: boolean;
  description: string | null;
  context: string | null;
  addedAt: number;
  addedBy: string;
  changedAt: number | null;
  changedBy: string | null;
}

interface Row {
  id: string;
  address: string;
  tls: number;
  description: string | null;
  context: string | null;
  added_at: number;
  added_by: string;
  changed_at: number | null;
  changed_by: string | null;
}

/** The files of one engine's folder, by the material field they hold. */
export const MATERIAL_FILES = {
  ca: "ca.pem",
  cert: "cert.pem",
  key: "key.pem",
  privateKey: "id_key",
  knownHosts: "known_hosts",
} as const;

function fromRow(row: Row): StoredEngine {
  return {
    id: row.id,
    address: row.address,
    tls: row.tls === 1,
    description: row.description,
    context: row.context,
    addedAt: row.added_at,
    addedBy: row.added_by,
    changedAt: row.changed_at,
    changedBy: row.changed_by,
  };
}

function enginesFolder(): string {
  return path.join(store().dir, "engines");
}

export function engineFolder(id: string): string {
  return path.join(enginesFolder(), id);
}

export function listStoredEngines(): StoredEngine[] {
  const rows = store().db.prepare("SELECT * FROM engines ORDER BY id").all() as Row[];
  return rows.map(fromRow);
}

export function storedEngine(id: string): StoredEngine | null {
  const row = store().db.prepare("SELECT * FROM engines WHERE id = ?").get(id) as Row | undefined;
  return row ? fromRow(row) : null;
}

/** How the Docker layer dials a stored engine. */
export function storedConfig(engine: StoredEngine): EngineConfig {
  const folder = engineFolder(engine.id);
  const ssh = engine.address.startsWith("ssh://");
  return {
    id: engine.id,
    host: engine.address,
    tlsVerify: engine.tls,
    certPath: engine.tls ? folder : null,
    sshPath: ssh ? folder : null,
    source: "ui",
  };
}

/** The material as files (field → text); `null` removes a file. */
export type MaterialFiles = Partial<Record<keyof typeof MATERIAL_FILES, string | null>>;

export function materialFiles(input: EngineMaterialInput, dropClientCert = false): MaterialFiles {
  const files: MaterialFiles = {};
  if (input.tls?.ca !== undefined) files.ca = input.tls.ca;
  if (input.tls?.cert !== undefined) files.cert = input.tls.cert;
  if (input.tls?.key !== undefined) files.key = input.tls.key;
  if (dropClientCert) {
    files.cert = null;
    files.key = null;
  }
  if (input.ssh?.privateKey !== undefined) files.privateKey = input.ssh.privateKey;
  if (input.ssh?.knownHosts !== undefined) files.knownHosts = input.ssh.knownHosts;
  return files;
}

/** Reads one stored material file, or null. */
export function readMaterial(id: string, field: keyof typeof MATERIAL_FILES): string | null {
  try {
    return fs.readFileSync(path.join(engineFolder(id), MATERIAL_FILES[field]), "utf8");
  } catch {
    return null;
  }
}

/**
 * Writes a folder holding `base`'s files (if any) changed by `files`, beside the final place, and returns it:
 * the caller moves it into place (`commitFolder`) once the database agrees, or drops it.
 */
export function stageFolder(base: string | null, files: MaterialFiles): string {
  fs.mkdirSync(enginesFolder(), { recursive: true, mode: 0o700 });
  const staged = path.join(enginesFolder(), `.staged-${randomBytes(6).toString("hex")}`);
  fs.mkdirSync(staged, { mode: 0o700 });
  try {
    if (base && fs.existsSync(base)) {
      for (const name of fs.readdirSync(base)) {
        fs.copyFileSync(path.join(base, name), path.join(staged, name));
        fs.chmodSync(path.join(staged, name), 0o600);
      }
    }
    for (const [field, text] of Object.entries(files)) {
      const file = path.join(staged, MATERIAL_FILES[field as keyof typeof MATERIAL_FILES]);
      if (text === null) fs.rmSync(file, { force: true });
      else if (text !== undefined) fs.writeFileSync(file, text, { mode: 0o600 });
    }
    return staged;
  } catch (err) {
    fs.rmSync(staged, { recursive: true, force: true });
    throw err;
  }
}

export function dropStaged(staged: string): void {
  fs.rmSync(staged, { recursive: true, force: true });
}

/** Puts a staged folder in the engine's place (the old one, if any, goes). */
function commitFolder(id: string, staged: string): void {
  const folder = engineFolder(id);
  const old = `${folder}.old-${randomBytes(4).toString("hex")}`;
  if (fs.existsSync(folder)) fs.renameSync(folder, old);
  fs.renameSync(staged, folder);
  fs.rmSync(old, { recursive: true, force: true });
}

export interface EngineRecord {
  id: string;
  address: string;
  tls: boolean;
  description: string | null;
  context: string | null;
}

/** Adds an engine: the row and its folder, or neither. Throws SQLite's constraint error if the id is taken. */
export function insertEngine(record: EngineRecord, staged: string, actor: string): void {
  const db = store().db;
  db.transaction(() => {
    db.prepare(
      "INSERT INTO engines (id, address, tls, description, context, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(record.id, record.address, record.tls ? 1 : 0, record.description, record.context, now(), actor);
    commitFolder(record.id, staged);
  })();
}

export function updateEngine(record: EngineRecord, staged: string, actor: string): void {
  const db = store().db;
  db.transaction(() => {
    const changed = db
      .prepare(
        "UPDATE engines SET address = ?, tls = ?, description = ?, changed_at = ?, changed_by = ? WHERE id = ?",
      )
      .run(record.address, record.tls ? 1 : 0, record.description, now(), actor, record.id);
    if (changed.changes !== 1) throw new Error(`engine ${record.id} is not stored`);
    commitFolder(record.id, staged);
  })();
}

/** Removes the row, then the folder. Answers whether there was one. */
export function deleteEngine(id: string): boolean {
  const removed = store().db.prepare("DELETE FROM engines WHERE id = ?").run(id).changes === 1;
  fs.rmSync(engineFolder(id), { recursive: true, force: true });
  return removed;
}
