// Engine management against a real engine: an admin adds the lab engine's socket as a second engine through
// the route, the live map receives it and its networks, health shows on /api/engines, an edit and a test
// connection answer what the engine is, and removing it takes it off every open map. Bad input (malformed
// addresses, certificates that are not PEM, huge uploads, a viewer or operator adding) is refused clearly and
// stores nothing; engines from the environment cannot be changed here.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUT as editEngineRoute, DELETE as removeEngineRoute } from "@/app/api/engines/[id]/route";
import { POST as testStored } from "@/app/api/engines/[id]/test/route";
import { POST as importContext, GET as listContexts } from "@/app/api/engines/contexts/route";
import { POST as addEngineRoute, GET as listEnginesRoute } from "@/app/api/engines/route";
import { POST as testRoute } from "@/app/api/engines/test/route";
import { GET as getEvents } from "@/app/api/events/route";
import type { DockerContextListDto, EngineEntryDto, EngineListDto, EngineTestDto } from "@/lib/api/engines";
import type { ApiErrorBody } from "@/lib/api/types";
import { queryAudit } from "@/lib/auth/audit";
import { store } from "@/lib/auth/db";
import { engineConfigs, setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { liveHub } from "@/lib/live/hub";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker } from "@/lib/testing/docker-cli";
import { call, request, useIdentities } from "@/lib/testing/routes";
import { SseReader } from "@/lib/testing/sse";

let ids: TestIdentities;
const SOCKET = (process.env.DOCKER_HOST ?? "").replace(/^unix:\/\//, "");
const ID = `na-ui-${process.pid % 100000}`;

const stored = () =>
  (store().db.prepare("SELECT id FROM engines").all() as { id: string }[]).map((r) => r.id);
const folders = () => {
  const dir = path.join(store().dir, "engines");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  ids = await testIdentities();
  useIdentities(ids);
});

afterAll(async () => {
  await call(removeEngineRoute, `/api/engines/${ID}`, { id: ID }, { method: "DELETE", as: "admin" });
  await liveHub().keepLive(false);
  ids?.cleanup();
});

describe("an admin adds, tests, changes and removes an engine", () => {
  it("adds the socket as an engine; an open map receives the engine and its networks, and sees it go", async () => {
    const abort = new AbortController();
    const stream = getEvents(new Request(request("/api/events", { as: "viewer" }), { signal: abort.signal }));
    const reader = new SseReader(stream);
    await reader.waitFor((e) => e.event === "snapshot", 20_000);

    const added = await call<EngineEntryDto>(
      addEngineRoute,
      "/api/engines",
      {},
      {
        method: "POST",
        as: "admin",
        body: { id: ID, address: `unix://${SOCKET}`, description: "the lab engine again" },
      },
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: ID, kind: "unix", source: "ui", address: `unix://${SOCKET}` });
    expect(engineConfigs().map((c) => c.id)).toContain(ID);

    const bridgeId = docker(["network", "inspect", "bridge", "--format", "{{.Id}}"]).trim();
    const arrived = await reader.waitFor(
      (e) =>
        e.event === "delta" &&
        JSON.stringify(e.data).includes(`"engine":"${ID}"`) &&
        JSON.stringify(e.data).includes(bridgeId),
      20_000,
    );
    expect(arrived.event).toBe("delta");

    const list = await call<EngineListDto>(listEnginesRoute, "/api/engines", {}, { as: "viewer" });
    const entry = list.body.engines.find((e) => e.id === ID);
    expect(entry?.health.state).toBe("live");
    expect(entry?.health.apiVersion).toMatch(/^1\.\d+$/);
    expect(entry?.material).toBeNull(); // a viewer sees health, not material
    const env = list.body.engines.find((e) => e.source === "env");
    expect(env?.id).toBe("local");

    const removed = await call(
      removeEngineRoute,
      `/api/engines/${ID}`,
      { id: ID },
      { method: "DELETE", as: "admin" },
    );
    expect(removed.status).toBe(200);
    await reader.waitFor(
      (e) =>
        e.event === "delta" && JSON.stringify(e.data).includes(`"op":"remove","kind":"engine","key":"${ID}"`),
      20_000,
    );
    expect(engineConfigs().map((c) => c.id)).not.toContain(ID);
    expect(stored()).not.toContain(ID);
    expect(folders()).not.toContain(ID);
    abort.abort();

    const audit = queryAudit({ action: "engine." }, 50, 0).entries.map((e) => `${e.action} ${e.result}`);
    expect(audit).toEqual(expect.arrayContaining(["engine.add ok", "engine.remove ok"]));
  }, 60_000);

  it("tests a connection: the engine's version, API, OS and swarm role, or exactly what failed", async () => {
    const good = await call<EngineTestDto>(
      testRoute,
      "/api/engines/test",
      {},
      { method: "POST", as: "admin", body: { address: `unix://${SOCKET}` } },
    );
    expect(good.status).toBe(200);
    const version = docker(["version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}"])
      .trim()
      .split(" ");
    expect(good.body).toMatchObject({ ok: true, version: version[0], apiVersion: version[1], os: "linux" });

    const missing = await call<EngineTestDto>(
      testRoute,
      "/api/engines/test",
      {},
      { method: "POST", as: "admin", body: { address: "unix:///run/netatlas-lab/no-such-slot/docker.sock" } },
    );
    expect(missing.body).toMatchObject({ ok: false });
    if (!missing.body.ok)
      expect(missing.body.message).toMatch(/no-such-slot|not found|does not exist|no such/i);

    const stored = await call<EngineTestDto>(
      testStored,
      "/api/engines/local/test",
      { id: "local" },
      { method: "POST", as: "admin" },
    );
    expect(stored.body).toMatchObject({ ok: true, version: version[0] });
  });

  it("changes an engine's description and address, keeping its id; env engines cannot be changed here", async () => {
    const id = `${ID}-e`;
    const add = await call(
      addEngineRoute,
      "/api/engines",
      {},
      { method: "POST", as: "admin", body: { id, address: `unix://${SOCKET}` } },
    );
    expect(add.status).toBe(201);
    try {
      const edit = await call<EngineEntryDto>(
        editEngineRoute,
        `/api/engines/${id}`,
        { id },
        { method: "PUT", as: "admin", body: { address: `unix://${SOCKET}`, description: "renamed" } },
      );
      expect(edit.status).toBe(200);
      expect(edit.body.description).toBe("renamed");
      expect(edit.body.changed?.by).toBe("test-admin");

      const env = await call<ApiErrorBody>(
        editEngineRoute,
        "/api/engines/local",
        { id: "local" },
        { method: "PUT", as: "admin", body: { address: "unix:///var/run/docker.sock" } },
      );
      expect(env.status).toBe(409);
      expect(env.body.error.message).toMatch(/environment/);
      const envRemove = await call<ApiErrorBody>(
        removeEngineRoute,
        "/api/engines/local",
        { id: "local" },
        { method: "DELETE", as: "admin" },
      );
      expect(envRemove.status).toBe(409);
      expect(engineConfigs().map((c) => c.id)).toContain("local");
    } finally {
      await call(removeEngineRoute, `/api/engines/${id}`, { id }, { method: "DELETE", as: "admin" });
    }
  });

  it("two admins adding one id at once: one gets it, the other a clear 409", async () => {
    const id = `${ID}-r`;
    const body = { id, address: `unix://${SOCKET}` };
    const answers = await Promise.all(
      [0, 1].map(() =>
        call<ApiErrorBody>(addEngineRoute, "/api/engines", {}, { method: "POST", as: "admin", body }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)?.body.error.message).toMatch(/exists already/);
    await call(removeEngineRoute, `/api/engines/${id}`, { id }, { method: "DELETE", as: "admin" });
    expect(folders().filter((f) => f.startsWith(".staged"))).toEqual([]);
  });
});

describe("docker contexts come over as they are", () => {
  it("imports a context made by `docker context create`, and the engine it makes is read live", async () => {
    const config = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-ctx-"));
    const name = `na-ctx-${process.pid % 100000}`;
    const cli = (...args: string[]) =>
      execFileSync("docker", args, { env: { ...process.env, DOCKER_CONFIG: config }, encoding: "utf8" });
    cli("context", "create", name, "--description", "the lab engine", "--docker", `host=unix://${SOCKET}`);
    cli("context", "create", `${name}-plain`, "--docker", "host=tcp://10.211.1.2:2375");
    cli("context", "create", `${name}-ssh`, "--docker", "host=ssh://root@10.211.1.2");
    process.env.NETATLAS_DOCKER_CONFIG = config;
    try {
      const listed = await call<DockerContextListDto>(
        listContexts,
        "/api/engines/contexts",
        {},
        { as: "admin" },
      );
      expect(listed.status).toBe(200);
      const byName = Object.fromEntries(listed.body.contexts.map((c) => [c.name, c]));
      expect(byName[name]).toMatchObject({
        address: `unix://${SOCKET}`,
        kind: "unix",
        needs: null,
        importedAs: null,
      });
      expect(byName[`${name}-plain`]?.needs).toMatch(/no CA certificate/);
      expect(byName[`${name}-ssh`]?.needs).toMatch(/SSH context names no key/);

      const viewer = await call(listContexts, "/api/engines/contexts", {}, { as: "operator" });
      expect(viewer.status).toBe(403);

      const imported = await call<EngineEntryDto>(
        importContext,
        "/api/engines/contexts",
        {},
        { method: "POST", as: "admin", body: { context: name, id: name } },
      );
      expect(imported.status).toBe(201);
      expect(imported.body).toMatchObject({
        id: name,
        context: name,
        description: "the lab engine",
        source: "ui",
      });
      const tested = await call<EngineTestDto>(
        testStored,
        `/api/engines/${name}/test`,
        { id: name },
        { method: "POST", as: "admin" },
      );
      expect(tested.body.ok).toBe(true);
      const again = await call<DockerContextListDto>(
        listContexts,
        "/api/engines/contexts",
        {},
        { as: "admin" },
      );
      expect(again.body.contexts.find((c) => c.name === name)?.importedAs).toBe(name);

      const plain = await call<ApiErrorBody>(
        importContext,
        "/api/engines/contexts",
        {},
        { method: "POST", as: "admin", body: { context: `${name}-plain`, id: `${name}-p` } },
      );
      expect(plain.status).toBe(400);
      expect(stored()).not.toContain(`${name}-p`);
    } finally {
      delete process.env.NETATLAS_DOCKER_CONFIG;
      await call(removeEngineRoute, `/api/engines/${name}`, { id: name }, { method: "DELETE", as: "admin" });
      fs.rmSync(config, { recursive: true, force: true });
    }
  });
});

describe("bad input is refused clearly and stores nothing", () => {
  const tryAdd = (body: unknown, as: "admin" | "operator" | "viewer" = "admin") =>
    call<ApiErrorBody>(addEngineRoute, "/api/engines", {}, { method: "POST", as, body });

  it.each([
    ["no scheme", "10.0.0.1:2376", /not an engine address/],
    ["http scheme", "http://10.0.0.1:2375", /Use tcp:\/\//],
    ["relative socket", "unix://docker.sock", /absolute socket path/],
    ["bad port", "tcp://10.0.0.1:99999", /outside 1-65535/],
    ["bad IPv4", "tcp://10.0.0.300:2376", /not an IPv4 address/],
    ["path on tcp", "tcp://host:2376/x", /no path/],
    ["ssh without user", "ssh://10.0.0.1", /Name the SSH user/],
    ["spaces", "tcp://a b:1", /spaces/],
  ])("a malformed address (%s) is a 400 naming the problem", async (_what, address, message) => {
    const before = { stored: stored(), folders: folders() };
    const answer = await tryAdd({ id: `${ID}-bad`, address });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(message);
    expect(answer.body.error.fields?.[0]?.field).toBe("address");
    expect({ stored: stored(), folders: folders() }).toEqual(before);
  });

  it("a tcp:// engine without a CA is refused: Netatlas never dials plain TCP from the UI", async () => {
    const answer = await tryAdd({ id: `${ID}-bad`, address: "tcp://10.211.1.2:2375" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields?.map((f) => f.field)).toContain("tls.ca");
  });

  it("certificates and keys that are not PEM are refused by field", async () => {
    const before = { stored: stored(), folders: folders() };
    const answer = await tryAdd({
      id: `${ID}-bad`,
      address: "tcp://10.211.1.2:2376",
      tls: { ca: "hello", cert: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", key: "nope" },
    });
    expect(answer.status).toBe(400);
    const fields = Object.fromEntries((answer.body.error.fields ?? []).map((f) => [f.field, f.message]));
    expect(fields["tls.ca"]).toMatch(/not PEM/);
    expect(fields["tls.cert"]).toMatch(/cannot be read/);
    expect(fields["tls.key"]).toMatch(/not a PEM private key/);
    expect({ stored: stored(), folders: folders() }).toEqual(before);
  });

  it("an ssh:// engine without a known_hosts entry is refused: no blind trust", async () => {
    const answer = await tryAdd({
      id: `${ID}-bad`,
      address: "ssh://root@10.211.1.2",
      ssh: { privateKey: "x" },
    });
    expect(answer.status).toBe(400);
    const fields = (answer.body.error.fields ?? []).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["ssh.privateKey", "ssh.knownHosts"]));
  });

  it("a huge upload is a 413 and stores nothing", async () => {
    const before = { stored: stored(), folders: folders() };
    const huge = `-----BEGIN CERTIFICATE-----\n${"A".repeat(400 * 1024)}\n-----END CERTIFICATE-----`;
    const answer = await tryAdd({ id: `${ID}-bad`, address: "tcp://10.211.1.2:2376", tls: { ca: huge } });
    expect(answer.status).toBe(413);
    const big = await tryAdd({
      id: `${ID}-bad`,
      address: "tcp://10.211.1.2:2376",
      tls: { ca: "A".repeat(70 * 1024) },
    });
    expect(big.status).toBe(400);
    expect(big.body.error.fields?.[0]?.message).toMatch(/larger than 64 KiB/);
    expect({ stored: stored(), folders: folders() }).toEqual(before);
  });

  it("a viewer or an operator cannot add an engine (403), and nothing is stored", async () => {
    const before = { stored: stored(), folders: folders(), configs: engineConfigs().length };
    for (const as of ["viewer", "operator"] as const) {
      const answer = await tryAdd({ id: `${ID}-bad`, address: `unix://${SOCKET}` }, as);
      expect(answer.status).toBe(403);
    }
    expect({ stored: stored(), folders: folders(), configs: engineConfigs().length }).toEqual(before);
  });

  it("an id taken by an environment engine is a 409", async () => {
    const answer = await tryAdd({ id: "local", address: `unix://${SOCKET}` });
    expect(answer.status).toBe(409);
  });
});
