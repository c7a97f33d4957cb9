// Changes refused after the guard let them through but before `audited` ran (a body that is not what the
// route takes, a bad reference, an unknown engine) are in the audit log as refused, with who asked, the
// route's action, the status and the reason; an error the guard or `audited` already wrote is not written
// twice; and an unexpected error answers only an id, never its text. Docker is never called (tripwire).
import { describe, expect, it, vi } from "vitest";
import { DELETE as removeNetwork } from "@/app/api/networks/[id]/route";
import { POST as createNetwork } from "@/app/api/networks/route";
import { queryAudit } from "@/lib/auth/audit";
import { respond } from "@/lib/http/respond";
import { call } from "@/lib/testing/routes";
import { guardedSuite } from "@/lib/testing/tripwire";

const suite = guardedSuite();

function refusals(action: string) {
  return queryAudit({ action, result: "denied" }, 50, 0).entries;
}

describe("refusals before audited()", () => {
  it("audits a body the route does not take (400), with the operator and the route's action", async () => {
    const before = suite.tripwire.connections;
    const answer = await call(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "operator",
        body: { name: 42, driver: ["not", "a", "driver"] },
      },
    );
    expect(answer.status).toBe(400);
    const [entry] = refusals("network.create");
    expect(entry).toMatchObject({ actor: "test-operator", via: "session", status: 400, result: "denied" });
    expect(entry?.error).toBeTruthy();
    expect(suite.tripwire.connections).toBe(before);
  });

  it("audits an unknown engine (404) and a bad reference (400)", async () => {
    const unknown = await call(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "operator",
        body: { name: "natest-x", engine: "no-such-engine" },
      },
    );
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(refusals("network.create")[0]).toMatchObject({
      status: unknown.status,
      error: expect.stringContaining("no-such-engine"),
    });
    const bad = await call(
      removeNetwork,
      "/api/networks/x",
      { id: "bad ref with spaces;" },
      {
        method: "DELETE",
        as: "operator",
      },
    );
    expect(bad.status).toBe(400);
    const removal = queryAudit({ result: "denied" }, 50, 0).entries.find(
      (e) => e.status === 400 && e.actor === "test-operator" && e.action !== "network.create",
    );
    expect(removal).toBeDefined();
  });

  it("writes a guard refusal once, not again when the answer is made", async () => {
    const count = () => queryAudit({ result: "denied", actor: "test-viewer" }, 100, 0).total;
    const before = count();
    const answer = await call(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "viewer",
        body: { name: "natest-y" },
      },
    );
    expect(answer.status).toBe(403);
    expect(count()).toBe(before + 1);
  });
});

describe("unexpected errors", () => {
  it("answer 500 with an error id only, log the text with the id, and audit a change's error", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const request = new Request("http://127.0.0.1/api/whatever", { method: "POST" });
      const answer = await respond(request, async () => {
        throw new Error("ENOENT: no such file or directory, open '/srv/tls/secret-ca.pem'");
      });
      expect(answer.status).toBe(500);
      const body = (await answer.json()) as { error: { message: string; detail: unknown } };
      expect(JSON.stringify(body)).not.toContain("secret-ca.pem");
      expect(body.error.detail).toBeNull();
      const id = /error id ([0-9a-f]{8})/.exec(body.error.message)?.[1];
      expect(id).toBeDefined();
      expect(log.mock.calls.some((c) => String(c[0]).includes(`unexpected error ${id}`))).toBe(true);
      const audited = queryAudit({ result: "error" }, 10, 0).entries.find(
        (e) => e.target === "/api/whatever",
      );
      expect(audited?.error).toBe(`unexpected error ${id}`);
    } finally {
      log.mockRestore();
    }
  });
});
