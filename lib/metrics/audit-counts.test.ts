// Audit entries into the three counters: changes, sign-ins, refusals (summaries counted by what they stand for).
import { describe, expect, it } from "vitest";
import type { AuditEntryDto } from "@/lib/api/auth";
import { countAuditEntry } from "./audit-counts";
import { countingMetrics } from "./metrics";

let id = 0;
function entry(action: string, result: AuditEntryDto["result"], params: unknown = {}): AuditEntryDto {
  return {
    id: ++id,
    time: "2026-12-07T12:00:00.000Z",
    actor: "someone",
    via: "session",
    address: "127.0.0.1",
    action,
    target: "x",
    params,
    result,
    status: result === "ok" ? 200 : 403,
    error: null,
  };
}

describe("countAuditEntry", () => {
  const m = countingMetrics();

  it("counts changes, sign-ins and refusals apart", () => {
    const changes = m.changes.get({ action: "network.create", result: "ok" });
    const failed = m.changes.get({ action: "network.create", result: "error" });
    const logins = m.auth.get({ action: "auth.login", result: "ok" });
    const tokenUse = m.auth.get({ action: "token.use", result: "ok" });
    const refused = m.refusals.get({ action: "network.create" });
    const refusedLogins = m.refusals.get({ action: "auth.login" });
    countAuditEntry(entry("network.create", "ok"));
    countAuditEntry(entry("network.create", "error"));
    countAuditEntry(entry("network.create", "denied"));
    countAuditEntry(entry("auth.login", "ok"));
    countAuditEntry(entry("auth.login", "denied"));
    countAuditEntry(entry("token.use", "ok"));
    countAuditEntry(entry("audit.archive", "ok"));
    expect(m.changes.get({ action: "network.create", result: "ok" })).toBe(changes + 1);
    expect(m.changes.get({ action: "network.create", result: "error" })).toBe(failed + 1);
    expect(m.auth.get({ action: "auth.login", result: "ok" })).toBe(logins + 1);
    expect(m.auth.get({ action: "token.use", result: "ok" })).toBe(tokenUse + 1);
    expect(m.refusals.get({ action: "network.create" })).toBe(refused + 1);
    expect(m.refusals.get({ action: "auth.login" })).toBe(refusedLogins + 1);
    expect(m.changes.get({ action: "audit.archive", result: "ok" })).toBe(0);
    expect(m.changes.get({ action: "auth.login", result: "ok" })).toBe(0);
  });

  it("counts a refusal summary as the refusals it stands for, by bounded action", () => {
    const get = (action: string) => m.refusals.get({ action });
    const before = {
      login: get("auth.login"),
      remove: get("DELETE /api/networks/[id]"),
      other: get("other"),
    };
    countAuditEntry(
      entry("audit.refusals", "denied", {
        count: 40,
        minute: "2026-12-07T12:00:00.000Z",
        actions: { "auth.login": 25, "DELETE /api/networks/abc123": 10 },
      }),
    );
    // A summary whose named counts exceed its total is not believed beyond the total.
    countAuditEntry(entry("audit.refusals", "denied", { count: 3, actions: { "auth.login": 50 } }));
    expect(get("auth.login") - before.login).toBe(25);
    expect(get("DELETE /api/networks/[id]") - before.remove).toBe(10);
    expect(get("other") - before.other).toBe(5 + 3);
    expect(get("audit.refusals")).toBe(0);
  });

  it("never makes a label of a client's path", () => {
    countAuditEntry(entry("POST /api/networks/../../etc/passwd\nx", "denied"));
    countAuditEntry(entry("GET /made/up/path", "denied"));
    const labels = [...m.refusals.collect().samples.map((s) => s.labels.action)];
    expect(labels.some((l) => l?.includes("passwd") || l?.includes("made"))).toBe(false);
    expect(labels).toContain("GET other");
  });
});
