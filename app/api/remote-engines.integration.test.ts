// TLS and SSH engines added the way the /engines page adds them (POST /api/engines with the material's text),
// against real engines: a lab dockerd with --tlsverify on TCP and an OpenSSH server in front of a lab engine,
// in a slot of this file's own. Netatlas reads each; a wrong CA, an expired client certificate and no client
// certificate each give their own clear answer; a changed SSH host key is refused; a docker context made by
// the docker CLI with the TLS files is imported and works. Everything is removed after.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as removeEngineRoute } from "@/app/api/engines/[id]/route";
import { POST as testStored } from "@/app/api/engines/[id]/test/route";
import { POST as importContext } from "@/app/api/engines/contexts/route";
import { POST as addEngineRoute } from "@/app/api/engines/route";
import { POST as testRoute } from "@/app/api/engines/test/route";
import { GET as getNetworks } from "@/app/api/networks/route";
import type { EngineEntryDto, EngineTestDto } from "@/lib/api/engines";
import type { ApiErrorBody, EngineDto, NetworkDto } from "@/lib/api/types";
import { store } from "@/lib/auth/db";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { labDockerHost } from "@/lib/testing/docker-cli";
import {
  labAddress,
  makeSshKey,
  makeTlsMaterial,
  remoteSlotName,
  type SshKey,
  startSshd,
  startTlsEngine,
  stopRemoteSlot,
  stopSshd,
  type TlsMaterial,
} from "@/lib/testing/remote-engines";
import { call, useIdentities } from "@/lib/testing/routes";

// Not the slot of lib/docker/remote-engines.integration.test.ts: each file brings up and takes down its own.
const slot = `${remoteSlotName(labDockerHost())}-r`;
const address = labAddress(slot);
let root = "";
let tls: TlsMaterial;
let key: SshKey;
let stranger: SshKey;
let authorized = "";
let knownHosts = "";
let ids: TestIdentities;
const made: string[] = [];

const pem = (folder: string, name: string) => readFileSync(join(folder, name), "utf8");
const tlsBody = (folder: string, withCert = true) => ({
  ca: pem(folder, "ca.pem"),
  ...(withCert ? { cert: pem(folder, "cert.pem"), key: pem(folder, "key.pem") } : {}),
});

async function add(body: Record<string, unknown>) {
  const answer = await call<EngineEntryDto & ApiErrorBody>(
    addEngineRoute,
    "/api/engines",
    {},
    { method: "POST", as: "admin", body },
  );
  if (answer.status === 201) made.push(answer.body.id);
  return answer;
}

const testAs = (body: Record<string, unknown>) =>
  call<EngineTestDto>(testRoute, "/api/engines/test", {}, { method: "POST", as: "admin", body });

const testStoredAs = (id: string) =>
  call<EngineTestDto>(testStored, `/api/engines/${id}/test`, { id }, { method: "POST", as: "admin" });

async function networksOf(engine: string): Promise<string[]> {
  const answer = await call<{ networks: NetworkDto[] }>(
    getNetworks,
    `/api/networks?engine=${engine}`,
    {},
    { as: "viewer" },
  );
  expect(answer.status).toBe(200);
  return answer.body.networks.filter((n) => n.engine === engine).map((n) => n.name);
}

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  ids = await testIdentities();
  useIdentities(ids);
  root = mkdtempSync(join(tmpdir(), "natest-remote-routes-"));
  tls = makeTlsMaterial(join(root, "tls"), address);
  startTlsEngine(slot, tls.server);
  key = makeSshKey(join(root, "ssh", "key"));
  stranger = makeSshKey(join(root, "ssh", "stranger"));
  authorized = join(root, "ssh", "authorized_keys");
  writeFileSync(authorized, `${key.publicKey}\n`);
  knownHosts = startSshd(slot, { authorizedKeys: authorized });
});

afterAll(async () => {
  for (const id of made)
    await call(removeEngineRoute, `/api/engines/${id}`, { id }, { method: "DELETE", as: "admin" });
  try {
    stopSshd(slot);
  } finally {
    stopRemoteSlot(slot);
    rmSync(root, { recursive: true, force: true });
    ids?.cleanup();
  }
});

describe("a tcp:// engine with TLS", () => {
  it("added with its CA, client certificate and key, is read like any other engine", async () => {
    const added = await add({ id: "na-tls", address: `tcp://${address}:2376`, tls: tlsBody(tls.client) });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: "tcp", tls: true, source: "ui" });
    expect(added.body.material).toBeTruthy();
    const tested = await testStoredAs("na-tls");
    expect(tested.body).toMatchObject({ ok: true, apiVersion: "1.45", os: "linux" });
    expect(await networksOf("na-tls")).toEqual(expect.arrayContaining(["bridge", "host", "none"]));
    // Stored 0600 in a 0700 folder, never sent back.
    const folder = join(store().dir, "engines", "na-tls");
    for (const file of ["ca.pem", "cert.pem", "key.pem"]) {
      expect(execFileSync("stat", ["-c", "%a", join(folder, file)], { encoding: "utf8" }).trim()).toBe("600");
    }
    expect(execFileSync("stat", ["-c", "%a", folder], { encoding: "utf8" }).trim()).toBe("700");
    expect(JSON.stringify(added.body)).not.toContain("PRIVATE KEY");
  });

  it("a CA that did not sign the engine's certificate is named as such", async () => {
    const answer = await testAs({ address: `tcp://${address}:2376`, tls: tlsBody(tls.wrongCa) });
    expect(answer.body).toMatchObject({ ok: false, cause: "tls_unknown_ca" });
    if (!answer.body.ok) expect(answer.body.message).toMatch(/CA/);
  });

  it("no client certificate: the engine asks for one, and the answer says so", async () => {
    const answer = await testAs({ address: `tcp://${address}:2376`, tls: tlsBody(tls.noCert, false) });
    expect(answer.body).toMatchObject({ ok: false, cause: "tls_client_cert_required" });
  });

  it("a client certificate the engine does not trust is refused by the engine, said so", async () => {
    const answer = await testAs({ address: `tcp://${address}:2376`, tls: tlsBody(tls.foreignCert) });
    expect(answer.body).toMatchObject({ ok: false, cause: "tls_client_cert_rejected" });
  });

  it("an expired client certificate is refused before anything is stored or dialled, with its date", async () => {
    const before = (store().db.prepare("SELECT count(*) AS n FROM engines").get() as { n: number }).n;
    const answer = await add({
      id: "na-tls-old",
      address: `tcp://${address}:2376`,
      tls: tlsBody(tls.expired),
    });
    expect(answer.status).toBe(400);
    const field = answer.body.error.fields?.find((f) => f.field === "tls.cert");
    expect(field?.message).toMatch(/expired on 2024-02-01/);
    expect((store().db.prepare("SELECT count(*) AS n FROM engines").get() as { n: number }).n).toBe(before);
  });

  it("a docker context made by the docker CLI with these files is imported and works", async () => {
    const config = join(root, "docker-config");
    const name = "na-tls-context";
    execFileSync(
      "docker",
      [
        "context",
        "create",
        name,
        "--docker",
        `host=tcp://${address}:2376,ca=${join(tls.client, "ca.pem")},cert=${join(tls.client, "cert.pem")},key=${join(tls.client, "key.pem")}`,
      ],
      { env: { ...process.env, DOCKER_CONFIG: config } },
    );
    process.env.NETATLAS_DOCKER_CONFIG = config;
    try {
      const imported = await call<EngineEntryDto>(
        importContext,
        "/api/engines/contexts",
        {},
        { method: "POST", as: "admin", body: { context: name, id: name } },
      );
      expect(imported.status).toBe(201);
      made.push(name);
      expect(imported.body).toMatchObject({ kind: "tcp", tls: true, context: name });
      expect((await testStoredAs(name)).body.ok).toBe(true);
      expect(await networksOf(name)).toContain("bridge");
    } finally {
      delete process.env.NETATLAS_DOCKER_CONFIG;
    }
  });
});

describe("an ssh:// engine", () => {
  it("added with a key and the host's known_hosts line, is read through the docker CLI on that side", async () => {
    const added = await add({
      id: "na-ssh",
      address: `ssh://root@${address}`,
      ssh: { privateKey: key.privateKey.toString("utf8"), knownHosts },
    });
    expect(added.status).toBe(201);
    expect(added.body.material?.sshKey?.fingerprint).toMatch(/^SHA256:/);
    const tested = await testStoredAs("na-ssh");
    expect(tested.body).toMatchObject({ ok: true, apiVersion: "1.45" });
    expect(await networksOf("na-ssh")).toEqual(expect.arrayContaining(["bridge", "host", "none"]));
  });

  it("a key the server does not accept is an authentication failure", async () => {
    const answer = await testAs({
      address: `ssh://root@${address}`,
      ssh: { privateKey: stranger.privateKey.toString("utf8"), knownHosts },
    });
    expect(answer.body).toMatchObject({ ok: false, cause: "ssh_auth" });
  });

  it("a known_hosts text with no line for the engine's host is refused before anything is stored", async () => {
    const other = knownHosts.replace(address, "10.211.250.2");
    const answer = await add({
      id: "na-ssh-other",
      address: `ssh://root@${address}`,
      ssh: { privateKey: key.privateKey.toString("utf8"), knownHosts: other },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields?.find((f) => f.field === "ssh.knownHosts")?.message).toMatch(
      /No known_hosts line/,
    );
  });

  it("after the server's host key changes, the stored engine is refused with a clear message", async () => {
    startSshd(slot, { authorizedKeys: authorized, newHostKey: true });
    const answer = await testStoredAs("na-ssh");
    expect(answer.body).toMatchObject({ ok: false, cause: "ssh_host_key_changed" });
    if (!answer.body.ok) expect(answer.body.message).toMatch(/host key/i);
    // The listing still answers for the other engines and says why this one is missing.
    const networks = await call<{ failedEngines: EngineDto[] }>(
      getNetworks,
      "/api/networks",
      {},
      { as: "viewer" },
    );
    expect(networks.status).toBe(200);
    const failed = networks.body.failedEngines.find((e) => e.id === "na-ssh");
    expect(failed?.error?.cause).toBe("ssh_host_key_changed");
  });
});
