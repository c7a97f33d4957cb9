// The audit log against a throwaway data folder: every filter and its edge (exact actor, action prefix,
// literal target substring, result, time range), paging, newest first, secrets redacted at any depth, rows
// that cannot be changed or removed, the paged export iterator, and audited() recording how a change ended.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuditResult } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { type AuditFilter, type AuditRecord, audited, iterateAudit, queryAudit, recordAudit } from "./audit";
import { archiveAudit, verifyAuditArchive } from "./audit-archive";
import { store } from "./db";

const dirs: string[] = [];
let mainDir: string;

function useFreshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-audit-"));
  dirs.push(dir);
  process.env.NETATLAS_DATA_DIR = dir;
  return dir;
}

const T0 = Date.parse("2026-06-01T12:00:00Z");

function entry(over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    actor: "alice",
    via: "session",
    address: "10.0.0.1",
    action: "network.create",
    target: "network web",
    result: "ok",
    status: 201,
    ...over,
  };
}

/** Records an entry at a given time. */
function recordAt(time: number, over: Partial<AuditRecord> = {}): void {
  vi.setSystemTime(time);
  recordAudit(entry(over));
}

beforeAll(() => {
  mainDir = useFreshDir();
  vi.useFakeTimers({ toFake: ["Date"] });
  // A fixed log for the filter tests, one minute apart, oldest first.
  const rows: Partial<AuditRecord>[] = [
    { actor: "alice", action: "network.create", target: "network web", result: "ok" },
    { actor: "Bob", action: "network.remove", target: "network db_data", result: "error", status: 409 },
    { actor: "bob", action: "container.connect", target: "container api to network web", result: "ok" },
    { actor: "carol", action: "network.create", target: "network 100%_sure", result: "denied", status: 403 },
    { actor: "alice", action: "auth.login", target: "user alice", result: "denied", status: 401 },
    { actor: "alicex", action: "networkx.create", target: "network dbxdata", result: "ok" },
  ];
  rows.forEach((over, i) => {
    recordAt(T0 + i * 60_000, over);
  });
  vi.useRealTimers();
});

afterEach(() => {
  vi.useRealTimers();
  process.env.NETATLAS_DATA_DIR = mainDir;
});

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  delete process.env.NETATLAS_DATA_DIR;
});

const targets = (filter: AuditFilter) => queryAudit(filter, 100, 0).entries.map((e) => e.target);

describe("recordAudit and queryAudit", () => {
  it("keeps every field, with the time as ISO, newest first", () => {
    const page = queryAudit({}, 100, 0);
    expect(page.total).toBe(6);
    expect(page.entries.map((e) => e.actor)).toEqual(["alicex", "alice", "carol", "bob", "Bob", "alice"]);
    expect(page.entries.at(-1)).toEqual({
      id: expect.any(Number),
      time: new Date(T0).toISOString(),
      actor: "alice",
      via: "session",
      address: "10.0.0.1",
      action: "network.create",
      target: "network web",
      params: {},
      result: "ok",
      status: 201,
      error: null,
    });
    const ids = page.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("matches the actor exactly, ignoring case", () => {
    expect(queryAudit({ actor: "BOB" }, 100, 0).entries.map((e) => e.actor)).toEqual(["bob", "Bob"]);
    expect(queryAudit({ actor: "alice" }, 100, 0).total).toBe(2);
    expect(queryAudit({ actor: "ali" }, 100, 0).total).toBe(0);
    expect(queryAudit({ actor: "ali%" }, 100, 0).total).toBe(0);
  });

  it("matches the action as a prefix, with _ and % taken literally", () => {
    expect(queryAudit({ action: "network." }, 100, 0).entries.map((e) => e.action)).toEqual([
      "network.create",
      "network.remove",
      "network.create",
    ]);
    expect(queryAudit({ action: "network.create" }, 100, 0).total).toBe(2);
    // A prefix, not a substring.
    expect(queryAudit({ action: "create" }, 100, 0).total).toBe(0);
    expect(queryAudit({ action: "%create" }, 100, 0).total).toBe(0);
    expect(queryAudit({ action: "network_" }, 100, 0).total).toBe(0);
  });

  it("matches the target as a substring, with % and _ taken literally", () => {
    expect(targets({ target: "web" })).toEqual(["container api to network web", "network web"]);
    expect(targets({ target: "db_data" })).toEqual(["network db_data"]);
    expect(targets({ target: "100%_" })).toEqual(["network 100%_sure"]);
    // Unescaped, "%" would match everything and "_" any character ("dbxdata").
    expect(targets({ target: "%" })).toEqual(["network 100%_sure"]);
    expect(targets({ target: "_" })).toEqual(["network 100%_sure", "network db_data"]);
    expect(targets({ target: "b\\d" })).toEqual([]);
  });

  it("matches the result exactly", () => {
    expect(queryAudit({ result: "denied" }, 100, 0).entries.map((e) => e.status)).toEqual([401, 403]);
    expect(queryAudit({ result: "error" }, 100, 0).total).toBe(1);
    expect(queryAudit({ result: "ok" }, 100, 0).total).toBe(3);
  });

  it("takes from inclusive and to exclusive", () => {
    const at = (i: number) => T0 + i * 60_000;
    expect(targets({ from: at(4) })).toEqual(["network dbxdata", "user alice"]);
    expect(targets({ to: at(1) })).toEqual(["network web"]);
    expect(targets({ from: at(1), to: at(3) })).toEqual(["container api to network web", "network db_data"]);
    expect(targets({ from: at(1) + 1, to: at(3) })).toEqual(["container api to network web"]);
    expect(queryAudit({ from: at(6) }, 100, 0).total).toBe(0);
  });

  it("combines filters with AND", () => {
    expect(targets({ actor: "alice", result: "denied" })).toEqual(["user alice"]);
    expect(targets({ action: "network.", result: "ok", target: "web" })).toEqual(["network web"]);
  });

  it("pages with limit and offset, the total counting every match", () => {
    const first = queryAudit({}, 4, 0);
    const second = queryAudit({}, 4, 4);
    expect(first).toMatchObject({ total: 6, limit: 4, offset: 0 });
    expect(second).toMatchObject({ total: 6, limit: 4, offset: 4 });
    expect(first.entries).toHaveLength(4);
    expect(second.entries).toHaveLength(2);
    const all = queryAudit({}, 100, 0).entries.map((e) => e.id);
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(all);
    const filtered = queryAudit({ actor: "alice" }, 1, 1);
    expect(filtered.total).toBe(2);
    expect(filtered.entries.map((e) => e.target)).toEqual(["network web"]);
    expect(queryAudit({}, 10, 100).entries).toEqual([]);
  });
});

describe("redaction", () => {
  it("replaces secret-looking keys at any depth, in arrays too, and keeps the rest", () => {
    useFreshDir();
    recordAudit(
      entry({
        action: "redact.test",
        params: {
          username: "dave",
          password: "hunter2-hunter2",
          current: "old-secret-1",
          nested: {
            token: "nat_abcdef",
            deeper: [{ newPassword: "p2-p2-p2-p2" }, { name: "kept", apiToken: "nat_zzz" }],
            clientSecret: "s3cr3t",
          },
          list: ["plain", 3, null],
        },
      }),
    );
    const [stored] = queryAudit({ action: "redact.test" }, 1, 0).entries;
    expect(stored?.params).toEqual({
      username: "dave",
      password: "[redacted]",
      current: "[redacted]",
      nested: {
        token: "[redacted]",
        deeper: [{ newPassword: "[redacted]" }, { name: "kept", apiToken: "[redacted]" }],
        clientSecret: "[redacted]",
      },
      list: ["plain", 3, null],
    });
    const raw = store().db.prepare("SELECT params FROM audit WHERE action = 'redact.test'").get() as {
      params: string;
    };
    for (const secret of ["hunter2", "old-secret", "nat_abcdef", "p2-p2", "nat_zzz", "s3cr3t"]) {
      expect(raw.params).not.toContain(secret);
    }
  });
});

describe("when the audit log cannot be written", () => {
  it("says so in the server log with the parameters redacted, and does not throw", () => {
    useFreshDir();
    store().db.close();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(() =>
        recordAudit(entry({ params: { password: "hunter2", nested: { token: "nat_secret" }, name: "web" } })),
      ).not.toThrow();
      const printed = log.mock.calls.flat().map(String).join(" ");
      expect(printed).toContain("could not write the audit log");
      expect(printed).toContain('"name":"web"');
      expect(printed).not.toContain("hunter2");
      expect(printed).not.toContain("nat_secret");
    } finally {
      log.mockRestore();
    }
  });
});

describe("retention: archived, never silently deleted", () => {
  it("moves entries older than the retention to a chained archive file, and only those", () => {
    const dir = useFreshDir();
    vi.useFakeTimers();
    try {
      for (let i = 0; i < 5; i++) recordAt(T0 + i * 1000, { actor: `old${i}` });
      recordAt(T0 + 30 * 86_400_000, { actor: "recent" });
      const later = T0 + 40 * 86_400_000;
      vi.setSystemTime(later);
      const first = archiveAudit(later, 20);
      expect(first.files).toHaveLength(1);
      expect(first.files[0]?.count).toBe(5);
      expect(fs.statSync(first.files[0]?.file ?? "").mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(dir, "audit-archive")).mode & 0o777).toBe(0o700);
      const left = queryAudit({}, 10, 0).entries;
      expect(left.map((e) => e.actor)).toEqual(["netatlas", "recent"]);
      expect(left[0]).toMatchObject({ action: "audit.archive", params: { fromId: 1, toId: 5, count: 5 } });
      // Deleting anything not archived is still refused.
      expect(() => store().db.prepare("DELETE FROM audit").run()).toThrow(/append-only/);
      // A second archive chains to the first.
      const second = archiveAudit(T0 + 60 * 86_400_000, 20);
      expect(second.files).toHaveLength(1);
      expect(verifyAuditArchive()).toEqual({ ok: true, files: 2, rows: 6, problems: [] });
      // A changed file breaks the chain, and the check says where.
      const [oldest] = first.files;
      fs.appendFileSync(oldest?.file ?? "", "x");
      expect(verifyAuditArchive().problems).toEqual([
        expect.stringMatching(/^audit-0000000001-0000000005\.jsonl\.gz: cannot be read/),
        expect.stringMatching(/the chain is broken before this file/),
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps everything with NETATLAS_AUDIT_RETENTION_DAYS=0", () => {
    useFreshDir();
    recordAudit(entry());
    process.env.NETATLAS_AUDIT_RETENTION_DAYS = "0";
    try {
      expect(archiveAudit(Date.now() + 10 * 365 * 86_400_000).files).toEqual([]);
    } finally {
      delete process.env.NETATLAS_AUDIT_RETENTION_DAYS;
    }
    expect(queryAudit({}, 10, 0).total).toBe(1);
  });
});

describe("append-only", () => {
  it("refuses UPDATE and DELETE on the audit table", () => {
    useFreshDir();
    recordAudit(entry({ actor: "original" }));
    const db = store().db;
    expect(() => db.prepare("UPDATE audit SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit WHERE actor = 'original'").run()).toThrow(/append-only/);
    expect(queryAudit({}, 10, 0).entries.map((e) => e.actor)).toEqual(["original"]);
  });

  it("refuses an upsert that would rewrite an entry", () => {
    useFreshDir();
    recordAudit(entry({ actor: "original" }));
    const id = queryAudit({}, 1, 0).entries[0]?.id;
    const db = store().db;
    expect(() =>
      db
        .prepare(
          "INSERT INTO audit (id, time, actor, via, address, action, target, params, result, status) VALUES (?, 0, 'x', 'x', 'x', 'x', 'x', '{}', 'ok', 200) ON CONFLICT(id) DO UPDATE SET actor = excluded.actor",
        )
        .run(id),
    ).toThrow(/append-only/);
    expect(queryAudit({}, 10, 0).entries.map((e) => e.actor)).toEqual(["original"]);
  });

  it("refuses INSERT OR REPLACE over an existing entry (a delete in disguise)", () => {
    useFreshDir();
    recordAudit(entry({ actor: "original" }));
    const id = queryAudit({}, 1, 0).entries[0]?.id;
    const db = store().db;
    let threw = false;
    try {
      db.prepare(
        "INSERT OR REPLACE INTO audit (id, time, actor, via, address, action, target, params, result, status) VALUES (?, 0, 'forged', 'x', 'x', 'x', 'x', '{}', 'ok', 200)",
      ).run(id);
    } catch {
      threw = true;
    }
    expect(queryAudit({}, 10, 0).entries.map((e) => e.actor)).toEqual(["original"]);
    expect(threw).toBe(true);
  });

  it("does not throw from recordAudit when the write fails, but says so on stderr", () => {
    useFreshDir();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      // An invalid result breaks the CHECK constraint: the insert fails inside recordAudit.
      expect(() => recordAudit(entry({ result: "maybe" as AuditResult }))).not.toThrow();
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]?.[0])).toContain("could not write the audit log");
    } finally {
      errors.mockRestore();
    }
    expect(queryAudit({}, 10, 0).total).toBe(0);
  });
});

describe("iterateAudit", () => {
  it("yields every one of more than 1000 entries, newest first, across its 500-row pages", () => {
    useFreshDir();
    const n = 1234;
    store().db.transaction(() => {
      for (let i = 0; i < n; i++) {
        recordAudit(entry({ target: `t${i}`, result: i % 3 === 0 ? "error" : "ok" }));
      }
    })();
    const all = [...iterateAudit({})];
    expect(all).toHaveLength(n);
    expect(all.map((e) => e.target)).toEqual(Array.from({ length: n }, (_, i) => `t${n - 1 - i}`));
    expect(new Set(all.map((e) => e.id)).size).toBe(n);

    const errors = [...iterateAudit({ result: "error" })];
    expect(errors).toHaveLength(Math.ceil(n / 3));
    expect(errors.every((e) => e.result === "error")).toBe(true);
    expect(errors.map((e) => e.id)).toEqual(
      queryAudit({ result: "error" }, 500, 0)
        .entries.map((e) => e.id)
        .concat(queryAudit({ result: "error" }, 500, 500).entries.map((e) => e.id)),
    );
  });

  it("handles exactly one page, and none", () => {
    useFreshDir();
    expect([...iterateAudit({})]).toEqual([]);
    store().db.transaction(() => {
      for (let i = 0; i < 500; i++) recordAudit(entry({ target: `t${i}` }));
    })();
    expect([...iterateAudit({})]).toHaveLength(500);
    expect([...iterateAudit({ target: "t49" })].map((e) => e.target)).toEqual([
      "t499",
      "t498",
      "t497",
      "t496",
      "t495",
      "t494",
      "t493",
      "t492",
      "t491",
      "t490",
      "t49",
    ]);
  });
});

describe("audited", () => {
  const what = {
    actor: "alice",
    via: "token:ci",
    address: "10.0.0.9",
    action: "audited.test",
    target: "network x",
    params: { name: "x", token: "nat_secret" },
  };

  it("records ok with the given status and answers the result", async () => {
    useFreshDir();
    await expect(audited(what, async () => 42, 201)).resolves.toBe(42);
    const [e] = queryAudit({ action: "audited.test" }, 10, 0).entries;
    expect(e).toMatchObject({
      actor: "alice",
      via: "token:ci",
      address: "10.0.0.9",
      target: "network x",
      result: "ok",
      status: 201,
      error: null,
      params: { name: "x", token: "[redacted]" },
    });
  });

  it("records ok with 200 by default", async () => {
    useFreshDir();
    await audited(what, async () => undefined);
    expect(queryAudit({}, 10, 0).entries[0]?.status).toBe(200);
  });

  it("records an AppError with its status, message and detail, and rethrows the same error", async () => {
    useFreshDir();
    const boom = new AppError(
      "conflict",
      "The network is in use.",
      "error while removing network: active endpoints",
    );
    await expect(
      audited(what, async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    const [e] = queryAudit({ action: "audited.test" }, 10, 0).entries;
    expect(e).toMatchObject({
      result: "error",
      status: 409,
      error: "The network is in use. | error while removing network: active endpoints",
    });
  });

  it("maps each AppError code to its status", async () => {
    useFreshDir();
    const cases: [AppError, number][] = [
      [new AppError("engine_unreachable", "down"), 503],
      [new AppError("not_found", "gone"), 404],
      [new AppError("timeout", "slow"), 504],
    ];
    for (const [err] of cases) {
      await expect(audited(what, () => Promise.reject(err))).rejects.toBe(err);
    }
    expect(
      queryAudit({}, 10, 0)
        .entries.map((e) => [e.error, e.status])
        .reverse(),
    ).toEqual(cases.map(([err, status]) => [err.message, status]));
  });

  it("records any other failure as 500 with its message", async () => {
    useFreshDir();
    const err = new TypeError("cannot read properties of undefined");
    await expect(audited(what, () => Promise.reject(err))).rejects.toBe(err);
    expect(queryAudit({}, 10, 0).entries[0]).toMatchObject({
      result: "error",
      status: 500,
      error: "cannot read properties of undefined",
    });
  });

  it("does not record before the change has ended", async () => {
    useFreshDir();
    let finish: () => void = () => undefined;
    const running = audited(what, () => new Promise<void>((resolve) => (finish = resolve)));
    await Promise.resolve();
    expect(queryAudit({}, 10, 0).total).toBe(0);
    finish();
    await running;
    expect(queryAudit({}, 10, 0).total).toBe(1);
  });
});
