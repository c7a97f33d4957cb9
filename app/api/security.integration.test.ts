// Who may change a real engine, checked against the engine itself: an operator's change lands and is in the
// audit log with its parameters; a viewer's, a read token's, a revoked token's, a signed-out session's and
// any change in read-only mode are refused and the engine's networks are exactly as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as logout } from "@/app/api/auth/logout/route";
import { GET as getEvents } from "@/app/api/events/route";
import { DELETE as removeNetwork } from "@/app/api/networks/[id]/route";
import { POST as createNetwork } from "@/app/api/networks/route";
import { DELETE as revokeToken } from "@/app/api/tokens/[id]/route";
import { POST as createToken } from "@/app/api/tokens/route";
import type { NewTokenDto } from "@/lib/api/auth";
import type { ApiErrorBody, NetworkDto } from "@/lib/api/types";
import { queryAudit } from "@/lib/auth/audit";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { TEST_PASSWORD, type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, inspect, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, request, useIdentities } from "@/lib/testing/routes";
import { SseReader } from "@/lib/testing/sse";

let t: TestObjects;
let ids: TestIdentities;

/** The engine's networks, as the CLI lists them: the state a refused change must leave untouched. */
const networks = () => docker(["network", "ls", "--format", "{{.ID}} {{.Name}}"]).split("\n").sort();

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
});

afterAll(() => {
  delete process.env.NETATLAS_READ_ONLY;
  t?.cleanup();
  ids?.cleanup();
});

type Created = { network: NetworkDto; command: string };

describe("changing networks needs the operator role", () => {
  it("lets an operator create a network, as docker inspect shows, and audits it with its parameters", async () => {
    const name = t.name("made");
    const answer = await call<Created>(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "operator",
        body: { name, internal: true, labels: { "netatlas.test": t.label.split("=")[1] as string } },
      },
    );
    expect(answer.status).toBe(201);
    const raw = inspect<{ Id: string; Internal: boolean; Labels: Record<string, string> }>("network", name);
    expect(answer.body.network.id).toBe(raw.Id);
    expect(raw.Internal).toBe(true);
    expect(answer.body.command).toBe(`docker network create --internal --label ${t.label} ${name}`);
    const [entry] = queryAudit({ action: "network.create", target: name }, 1, 0).entries;
    expect(entry).toMatchObject({ actor: "test-operator", via: "session", result: "ok", status: 201 });
    expect(entry?.params).toMatchObject({ name, internal: true, command: answer.body.command });
  });

  for (const as of ["viewer", "viewer-token"] as const) {
    it(`refuses a ${as} with 403 and leaves the engine as it was`, async () => {
      const before = networks();
      const answer = await call<ApiErrorBody>(
        createNetwork,
        "/api/networks",
        {},
        {
          method: "POST",
          as,
          body: { name: t.name(`by-${as}`) },
        },
      );
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toMatch(/viewer/);
      expect(networks()).toEqual(before);
      const [entry] = queryAudit({ action: "network.create", result: "denied" }, 1, 0).entries;
      expect(entry).toMatchObject({ actor: "test-viewer", status: 403 });
    });
  }

  it("refuses every change in read-only mode, for an operator too, and still serves reads", async () => {
    process.env.NETATLAS_READ_ONLY = "1";
    try {
      const before = networks();
      const answer = await call<ApiErrorBody>(
        createNetwork,
        "/api/networks",
        {},
        {
          method: "POST",
          as: "operator-token",
          body: { name: t.name("readonly") },
        },
      );
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe("read_only");
      const removal = await call<ApiErrorBody>(
        removeNetwork,
        "/api/networks/x",
        { id: t.name("made") },
        {
          method: "DELETE",
          as: "admin",
        },
      );
      expect(removal.body.error.code).toBe("read_only");
      expect(networks()).toEqual(before);
    } finally {
      delete process.env.NETATLAS_READ_ONLY;
    }
  });

  it("refuses to remove Docker's own networks without touching them", async () => {
    const before = networks();
    const answer = await call<ApiErrorBody>(
      removeNetwork,
      "/api/networks/bridge",
      { id: "bridge" },
      {
        method: "DELETE",
        as: "operator",
      },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toContain("Docker's own");
    expect(networks()).toEqual(before);
  });

  it("refuses to remove a network in use with 409 naming its containers, and audits the error", async () => {
    const name = t.network("busy");
    const user = t.run("on-busy", ["--network", name]);
    const answer = await call<ApiErrorBody>(
      removeNetwork,
      "/api/networks/x",
      { id: name },
      {
        method: "DELETE",
        as: "operator",
      },
    );
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toContain(`in use by 1 container (${user})`);
    expect(inspect("network", name)).toBeTruthy();
    const [entry] = queryAudit({ action: "network.remove", target: name }, 1, 0).entries;
    expect(entry?.result).toBe("error");
    expect(entry?.error).toContain(user);
  });

  it("removes a network for an operator, and answers 404 once it is gone", async () => {
    const name = t.network("gone");
    const answer = await call<{ network: NetworkDto }>(
      removeNetwork,
      "/api/networks/x",
      { id: name },
      {
        method: "DELETE",
        as: "operator",
      },
    );
    expect(answer.status).toBe(200);
    expect(docker(["network", "ls", "-q", "--filter", `name=^${name}$`])).toBe("");
    const again = await call<ApiErrorBody>(
      removeNetwork,
      "/api/networks/x",
      { id: name },
      { method: "DELETE", as: "operator" },
    );
    expect(again.status).toBe(404);
  });

  it("gives exactly one of two simultaneous creates of one name (two tabs at once)", async () => {
    const name = t.name("twice");
    const labels = { "netatlas.test": t.label.split("=")[1] as string };
    const answers = await Promise.all(
      [0, 1].map(() =>
        call<Created>(
          createNetwork,
          "/api/networks",
          {},
          { method: "POST", as: "operator", body: { name, labels } },
        ),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(docker(["network", "ls", "-q", "--filter", `name=^${name}$`]).split("\n")).toHaveLength(1);
  });
});

describe("revocation takes effect at once", () => {
  it("stops a revoked API token", async () => {
    const made = await call<NewTokenDto>(
      createToken,
      "/api/tokens",
      {},
      {
        method: "POST",
        as: "operator",
        body: { name: "ci script", scope: "operator", current: TEST_PASSWORD },
      },
    );
    expect(made.status).toBe(201);
    const headers = { authorization: `Bearer ${made.body.token}` };
    const first = t.name("by-token");
    const ok = await call<Created>(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "nobody",
        headers,
        body: { name: first, labels: { "netatlas.test": t.label.split("=")[1] as string } },
      },
    );
    expect(ok.status).toBe(201);
    const revoked = await call(
      revokeToken,
      "/api/tokens/x",
      { id: String(made.body.id) },
      { method: "DELETE", as: "operator" },
    );
    expect(revoked.status).toBe(200);
    const before = networks();
    const refused = await call<ApiErrorBody>(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "nobody",
        headers,
        body: { name: t.name("after-revoke") },
      },
    );
    expect(refused.status).toBe(401);
    expect(networks()).toEqual(before);
  });

  it("signs out for real: the cookie stops working and the open event stream ends", async () => {
    const { cookie } = createSession(ids.userIds.operator, "127.0.0.1", "vitest");
    const headers = { cookie: `${SESSION_COOKIE}=${cookie}` };
    const abort = new AbortController();
    const stream = getEvents(
      new Request(request("/api/events", { as: "nobody", headers }), { signal: abort.signal }),
    );
    expect(stream.status).toBe(200);
    const reader = new SseReader(stream);
    await reader.waitFor((e) => e.event === "snapshot");
    const out = await call(
      logout,
      "/api/auth/logout",
      {},
      {
        method: "POST",
        as: "nobody",
        headers: { ...headers, origin: "http://127.0.0.1", "content-type": "application/json" },
        body: {},
      },
    );
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    await reader.closed();
    const before = networks();
    const after = await call<ApiErrorBody>(
      createNetwork,
      "/api/networks",
      {},
      {
        method: "POST",
        as: "nobody",
        headers: { ...headers, origin: "http://127.0.0.1", "content-type": "application/json" },
        body: { name: t.name("after-logout") },
      },
    );
    expect(after.status).toBe(401);
    expect(networks()).toEqual(before);
    abort.abort();
  });
});
