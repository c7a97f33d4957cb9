// Audit retention: entries older than NETATLAS_AUDIT_RETENTION_DAYS (default 365; 0 keeps everything in the
// database) move to a gzipped JSON-lines file in <data>/audit-archive, never silently deleted. Each file
// starts with a header naming the ids it holds and the SHA-256 of the archive before it, so the files form a
// chain; the database keeps the newest file's hash and an "audit.archive" entry for every move, and its
// trigger lets rows go only up to the archived watermark. verifyAuditArchive (run at every start) checks
// the chain: every file's hash is in the next one's header, and the newest is the database's record.
import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { recordAudit } from "./audit";
import { now, store } from "./db";

export const ARCHIVE_FORMAT = "netatlas-audit-archive/1";
/** Rows per archive file at most (a year of a busy server is split into several files). */
const ROWS_PER_FILE = 50_000;

export function retentionDays(): number {
  const n = Number(process.env.NETATLAS_AUDIT_RETENTION_DAYS ?? 365);
  return Number.isFinite(n) && n >= 0 ? n : 365;
}

export function archiveDir(): string {
  return path.join(store().dir, "audit-archive");
}

interface Header {
  format: string;
  fromId: number;
  toId: number;
  count: number;
  fromTime: string;
  toTime: string;
  previous: string | null;
}

function meta(key: string): string | null {
  const row = store().db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as
    | { value: string }
    | undefined;
  return row?.value ?? null;
}

function setMeta(key: string, value: string): void {
  store()
    .db.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .run(key, value);
}

export interface ArchiveResult {
  files: { file: string; count: number; sha256: string }[];
}

/**
 * Moves every entry older than the retention to archive files. Each file is written and synced before its
 * rows leave the database, in one transaction with the watermark and the "audit.archive" entry.
 */
export function archiveAudit(at = now(), days = retentionDays()): ArchiveResult {
  const result: ArchiveResult = { files: [] };
  if (days === 0) return result;
  const cutoff = at - days * 86_400_000;
  const db = store().db;
  const dir = archiveDir();
  for (;;) {
    const rows = db
      .prepare("SELECT * FROM audit WHERE time < ? AND action != 'audit.archive' ORDER BY id LIMIT ?")
      .all(cutoff, ROWS_PER_FILE) as { id: number; time: number }[];
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (!first || !last) return result;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const header: Header = {
      format: ARCHIVE_FORMAT,
      fromId: first.id,
      toId: last.id,
      count: rows.length,
      fromTime: new Date(first.time).toISOString(),
      toTime: new Date(last.time).toISOString(),
      previous: meta("audit_archive_last_sha256"),
    };
    const text = [header, ...rows].map((r) => JSON.stringify(r)).join("\n");
    const data = gzipSync(`${text}\n`);
    const sha256 = createHash("sha256").update(data).digest("hex");
    const name = `audit-${String(first.id).padStart(10, "0")}-${String(last.id).padStart(10, "0")}.jsonl.gz`;
    const file = path.join(dir, name);
    const fd = fs.openSync(file, "wx", 0o600);
    try {
      fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    db.transaction(() => {
      setMeta("audit_archived_upto", String(Math.max(last.id, Number(meta("audit_archived_upto") ?? 0))));
      setMeta("audit_archive_last_sha256", sha256);
      db.prepare("DELETE FROM audit WHERE id BETWEEN ? AND ? AND action != 'audit.archive'").run(
        first.id,
        last.id,
      );
    }).immediate();
    recordAudit({
      actor: "netatlas",
      via: "system",
      address: "-",
      action: "audit.archive",
      target: name,
      params: { fromId: first.id, toId: last.id, count: rows.length, sha256, previous: header.previous },
      result: "ok",
      status: 200,
    });
    result.files.push({ file, count: rows.length, sha256 });
  }
}

export interface ArchiveCheck {
  ok: boolean;
  files: number;
  rows: number;
  problems: string[];
}

/** Checks the chain: each file's header names the previous file's hash, the last hash is the database's. */
export function verifyAuditArchive(): ArchiveCheck {
  const dir = archiveDir();
  const names = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => n.endsWith(".jsonl.gz"))
        .sort()
    : [];
  const problems: string[] = [];
  let previous: string | null = null;
  let rows = 0;
  for (const name of names) {
    const data = fs.readFileSync(path.join(dir, name));
    let lines: string[];
    let header: Header;
    try {
      lines = gunzipSync(data).toString("utf8").trimEnd().split("\n");
      header = JSON.parse(lines[0] ?? "{}") as Header;
    } catch (err) {
      problems.push(`${name}: cannot be read (${(err as Error).message})`);
      previous = createHash("sha256").update(data).digest("hex");
      continue;
    }
    if (header.format !== ARCHIVE_FORMAT) problems.push(`${name}: not a ${ARCHIVE_FORMAT} file`);
    if (header.previous !== previous) problems.push(`${name}: the chain is broken before this file`);
    if (lines.length - 1 !== header.count)
      problems.push(`${name}: ${lines.length - 1} rows, header says ${header.count}`);
    rows += lines.length - 1;
    previous = createHash("sha256").update(data).digest("hex");
  }
  if (previous !== meta("audit_archive_last_sha256")) {
    problems.push("the newest archive file is not the one the database recorded");
  }
  return { ok: problems.length === 0, files: names.length, rows, problems };
}
