// Engine management: add, edit, remove and test the engines an admin keeps on /engines, and the list with each
// engine's health. Every change checks the whole engine (address and the material it will use, merged with what
// is stored) before anything is written, then tells the Docker layer and the live store: open maps see the
// engine come or go at once. Engines from the environment are listed but cannot be changed here.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import type {
  EditEngineBody,
  EngineEntryDto,
  EngineHealthDto,
  EngineListDto,
  EngineMaterialInput,
  EngineMaterialSummary,
  EngineTestDto,
  NewEngineBody,
  TestEngineBody,
} from "@/lib/api/engines";
import { AppError } from "@/lib/api/errors";
import type { EngineDto, FieldProblem } from "@/lib/api/types";
import { engineConfigs, environmentEngines, setEngineConfigs } from "@/lib/docker/client";
import type { EngineConfig } from "@/lib/docker/config";
import { DockerError } from "@/lib/docker/errors";
import { knownKeyTypes, lookupName, parseKnownHosts } from "@/lib/docker/known-hosts";
import { probeEngine } from "@/lib/docker/read";
import { liveHub } from "@/lib/live/hub";
import { type ParsedAddress, parseEngineAddress } from "./address";
import { checkSsh, checkTls } from "./material";
import {
  deleteEngine,
  dropStaged,
  engineFolder,
  insertEngine,
  listStoredEngines,
  MATERIAL_FILES,
  materialFiles,
  readMaterial,
  stageFolder,
  storedConfig,
  storedEngine,
  updateEngine,
} from "./store";

/** Every engine Netatlas follows: the environment's, then the stored ones, told to the Docker layer and the store. */
export function applyEngines(): void {
  const env = environmentEngines();
  const taken = new Set(env.map((e) => e.id));
  const stored = listStoredEngines()
    .filter((e) => !taken.has(e.id))
    .map(storedConfig);
  setEngineConfigs([...env, ...stored]);
  liveHub().syncEngines();
}

function bad(message: string, fields: FieldProblem[]): AppError {
  return new AppError("bad_request", message, null, { fields });
}

function parseAddress(address: string): ParsedAddress {
  const parsed = parseEngineAddress(address);
  if (!parsed.ok) throw bad(parsed.problem, [{ field: "address", message: parsed.problem }]);
  return parsed.value;
}

/** The material in a staged folder, read back as the check's input: the engine as it will be dialled. */
function stagedMaterial(folder: string): EngineMaterialInput {
  const read = (name: string) => {
    try {
      return fs.readFileSync(path.join(folder, name), "utf8");
    } catch {
      return undefined;
    }
  };
  return {
    tls: { ca: read(MATERIAL_FILES.ca), cert: read(MATERIAL_FILES.cert), key: read(MATERIAL_FILES.key) },
    ssh: { privateKey: read(MATERIAL_FILES.privateKey), knownHosts: read(MATERIAL_FILES.knownHosts) },
  };
}

/** What the engine's kind needs and allows; problems by field, and the summary of what passed. */
function checkMaterial(
  address: ParsedAddress,
  input: EngineMaterialInput,
): {
  problems: FieldProblem[];
  summary: EngineMaterialSummary;
} {
  const tls = checkTls(input.tls);
  const ssh = checkSsh(input.ssh);
  const problems = [...tls.problems, ...ssh.problems];
  const hasTls = !!(input.tls?.ca || input.tls?.cert || input.tls?.key);
  const hasSsh = !!(input.ssh?.privateKey || input.ssh?.knownHosts);
  if (address.kind === "tcp") {
    if (!input.tls?.ca) {
      problems.push({
        field: "tls.ca",
        message:
          "A tcp:// engine needs TLS: give the CA that signed the engine's certificate (plain TCP would give root on that host to anyone who reaches the port).",
      });
    }
    if (hasSsh) problems.push({ field: "ssh", message: "A tcp:// engine takes TLS material, not SSH keys." });
  } else if (address.kind === "ssh") {
    if (!input.ssh?.privateKey)
      problems.push({ field: "ssh.privateKey", message: "Give the SSH private key." });
    if (!input.ssh?.knownHosts) {
      problems.push({
        field: "ssh.knownHosts",
        message: `Give the host's known_hosts line (ssh-keyscan${address.port === 22 ? "" : ` -p ${address.port}`} ${address.host}), checked against it on every connection.`,
      });
    }
    if (hasTls)
      problems.push({ field: "tls", message: "An ssh:// engine takes an SSH key, not TLS material." });
    const known = input.ssh?.knownHosts ? parseKnownHosts(input.ssh.knownHosts) : null;
    const host = (address.host ?? "").replace(/^\[(.*)\]$/, "$1");
    const port = address.port ?? 22;
    if (known && known.entries.length > 0 && knownKeyTypes(known, host, port).length === 0) {
      problems.push({
        field: "ssh.knownHosts",
        message: `No known_hosts line is for ${lookupName(host, port)}: give the line for the engine's host (ssh-keyscan${port === 22 ? "" : ` -p ${port}`} ${host}).`,
      });
    }
  } else if (hasTls || hasSsh) {
    problems.push({ field: "address", message: "A unix socket takes no TLS or SSH material." });
  }
  return {
    problems,
    summary: { ca: tls.ca, cert: tls.cert, sshKey: ssh.key, knownHosts: ssh.knownHosts },
  };
}

interface Staged {
  folder: string;
  address: ParsedAddress;
  summary: EngineMaterialSummary;
}

/** Stages `base`'s material changed by the body, and checks the whole: throws 400 by field, leaving nothing. */
function stageChecked(
  addressText: string,
  input: EngineMaterialInput,
  base: string | null,
  dropClientCert: boolean,
): Staged {
  const address = parseAddress(addressText);
  // Material of another kind left from before (an engine moved from ssh:// to tcp://) is not carried over.
  const files = materialFiles(input, dropClientCert);
  const folder = stageFolder(base, files);
  try {
    const material = stagedMaterial(folder);
    if (address.kind !== "tcp") material.tls = undefined;
    if (address.kind !== "ssh") material.ssh = undefined;
    for (const [field, name] of Object.entries(MATERIAL_FILES)) {
      const keep =
        address.kind === "tcp"
          ? ["ca", "cert", "key"]
          : address.kind === "ssh"
            ? ["privateKey", "knownHosts"]
            : [];
      if (!keep.includes(field)) fs.rmSync(path.join(folder, name), { force: true });
    }
    // What the body itself gave is checked even when it does not belong (so the admin hears why).
    const checked = checkMaterial(address, { ...material, ...pickGiven(input) });
    if (checked.problems.length > 0) {
      throw bad(`The engine cannot be used as given: ${checked.problems[0]?.message}`, checked.problems);
    }
    return { folder, address, summary: checked.summary };
  } catch (err) {
    dropStaged(folder);
    throw err;
  }
}

function pickGiven(input: EngineMaterialInput): EngineMaterialInput {
  const out: EngineMaterialInput = {};
  if (input.tls && Object.keys(input.tls).length) out.tls = input.tls;
  if (input.ssh && Object.keys(input.ssh).length) out.ssh = input.ssh;
  return out;
}

function envEngine(id: string): EngineConfig | undefined {
  return environmentEngines().find((e) => e.id === id);
}

function refuseEnv(id: string, doing: string): void {
  if (envEngine(id)) {
    throw new AppError(
      "conflict",
      `Engine "${id}" comes from the environment (NETATLAS_ENGINES or DOCKER_HOST): ${doing} it there and restart Netatlas.`,
    );
  }
}

/** What the audit log keeps of an engine change: never the material, only which parts were given. */
export function engineAuditParams(body: EngineMaterialInput & { address: string; description?: string }) {
  return {
    address: body.address.slice(0, 300),
    description: body.description ?? null,
    given: [
      ...Object.keys(body.tls ?? {}).map((k) => `tls.${k}`),
      ...Object.keys(body.ssh ?? {}).map((k) => `ssh.${k}`),
    ],
  };
}

export function addEngine(body: NewEngineBody, actor: string, context: string | null = null): EngineEntryDto {
  refuseEnv(body.id, "change");
  if (storedEngine(body.id)) throw new AppError("conflict", `An engine "${body.id}" exists already.`);
  const staged = stageChecked(body.address, body, null, false);
  try {
    insertEngine(
      {
        id: body.id,
        address: staged.address.address,
        tls: staged.address.kind === "tcp",
        description: body.description || null,
        context,
      },
      staged.folder,
      actor,
    );
  } catch (err) {
    dropStaged(staged.folder);
    // Two admins adding one id at once: the second finds it taken.
    if (String((err as Error).message).includes("UNIQUE")) {
      throw new AppError("conflict", `An engine "${body.id}" exists already.`);
    }
    throw err;
  }
  applyEngines();
  return entryFor(body.id, true);
}

export function editEngine(id: string, body: EditEngineBody, actor: string): EngineEntryDto {
  refuseEnv(id, "change");
  const existing = storedEngine(id);
  if (!existing) throw new AppError("not_found", `No engine "${id}" was added on /engines.`);
  const staged = stageChecked(body.address, body, engineFolder(id), !!body.dropClientCert);
  try {
    updateEngine(
      {
        id,
        address: staged.address.address,
        tls: staged.address.kind === "tcp",
        description: body.description === undefined ? existing.description : body.description || null,
        context: existing.context,
      },
      staged.folder,
      actor,
    );
  } catch (err) {
    dropStaged(staged.folder);
    throw err;
  }
  applyEngines();
  return entryFor(id, true);
}

export function removeEngine(id: string): void {
  refuseEnv(id, "remove");
  if (!deleteEngine(id)) throw new AppError("not_found", `No engine "${id}" was added on /engines.`);
  applyEngines();
}

/** The material summary of a stored engine, for the audit log of its removal and for admins. */
function storedSummary(id: string): EngineMaterialSummary {
  const engine = storedEngine(id);
  if (!engine) return { ca: [], cert: null, sshKey: null, knownHosts: [] };
  const input: EngineMaterialInput = {
    tls: {
      ca: readMaterial(id, "ca") ?? undefined,
      cert: readMaterial(id, "cert") ?? undefined,
      key: readMaterial(id, "key") ?? undefined,
    },
    ssh: {
      privateKey: readMaterial(id, "privateKey") ?? undefined,
      knownHosts: readMaterial(id, "knownHosts") ?? undefined,
    },
  };
  const parsed = parseEngineAddress(engine.address);
  return parsed.ok
    ? checkMaterial(parsed.value, input).summary
    : { ca: [], cert: null, sshKey: null, knownHosts: [] };
}

/**
 * Dials the engine as given (material left out taken from the stored engine `from`) and says what answered or
 * exactly what failed. Nothing is kept: the material is staged in a private folder and removed after.
 */
export async function testEngine(body: TestEngineBody): Promise<EngineTestDto> {
  if (body.from && !storedEngine(body.from)) {
    throw new AppError("not_found", `No engine "${body.from}" was added on /engines.`);
  }
  const staged = stageChecked(
    body.address,
    body,
    body.from ? engineFolder(body.from) : null,
    !!body.dropClientCert,
  );
  const started = performance.now();
  try {
    const config: EngineConfig = {
      id: body.from ?? "test",
      host: staged.address.address,
      tlsVerify: staged.address.kind === "tcp",
      certPath: staged.address.kind === "tcp" ? staged.folder : null,
      sshPath: staged.address.kind === "ssh" ? staged.folder : null,
      source: "ui",
    };
    return testResult(await probeEngine(config), started);
  } catch (err) {
    if (!(err instanceof DockerError)) throw err;
    return failedTest(err, started);
  } finally {
    dropStaged(staged.folder);
  }
}

/** Tests an engine as it is stored (or comes from the environment). */
export async function testStoredEngine(id: string): Promise<EngineTestDto> {
  const config = engineConfigs().find((c) => c.id === id);
  if (!config) throw new AppError("not_found", `No engine "${id}" is configured.`);
  const started = performance.now();
  try {
    return testResult(await probeEngine(config), started);
  } catch (err) {
    if (!(err instanceof DockerError)) throw err;
    return failedTest(err, started);
  }
}

function swarmRole(engine: EngineDto): "manager" | "worker" | null {
  const swarm = engine.swarm;
  if (swarm?.state !== "active") return null;
  return swarm.isManager ? "manager" : "worker";
}

function testResult(engine: EngineDto, started: number): EngineTestDto {
  return {
    ok: true,
    ms: Math.round(performance.now() - started),
    version: engine.version ?? "",
    apiVersion: engine.engineApiVersion ?? engine.apiVersion ?? "",
    os: engine.os ?? "",
    arch: engine.arch ?? "",
    hostname: engine.hostname,
    swarmRole: swarmRole(engine),
  };
}

function failedTest(err: DockerError, started: number): EngineTestDto {
  return {
    ok: false,
    ms: Math.round(performance.now() - started),
    cause: err.connectCause ?? err.code,
    message: err.message,
    detail: err.detail,
  };
}

function kindOf(address: string): EngineEntryDto["kind"] {
  return address.startsWith("ssh://") ? "ssh" : address.startsWith("unix://") ? "unix" : "tcp";
}

function health(id: string): EngineHealthDto {
  const hub = liveHub();
  const feed = hub.feedStatus().find((f) => f.engine === id);
  const engine = hub.topology.engines.find((e) => e.id === id);
  return {
    state: feed?.state ?? "idle",
    since: feed?.since ?? null,
    lastEventAt: feed?.lastEventAt ?? null,
    lagMs: feed?.lagMs ?? null,
    reconnects: feed?.reconnects ?? 0,
    version: engine?.version ?? null,
    apiVersion: engine?.apiVersion ?? null,
    os: engine?.os ?? null,
    swarmRole: engine ? swarmRole(engine) : null,
    error: feed?.error ?? engine?.error ?? null,
  };
}

function entryFor(id: string, admin: boolean): EngineEntryDto {
  const stored = storedEngine(id);
  const config = engineConfigs().find((c) => c.id === id);
  const address = stored?.address ?? config?.host ?? "";
  return {
    id,
    address,
    kind: kindOf(address),
    source: envEngine(id) ? "env" : "ui",
    tls: stored ? stored.tls : !!config?.tlsVerify,
    description: stored?.description ?? null,
    context: stored?.context ?? null,
    added: stored ? { at: new Date(stored.addedAt).toISOString(), by: stored.addedBy } : null,
    changed:
      stored?.changedAt && stored.changedBy
        ? { at: new Date(stored.changedAt).toISOString(), by: stored.changedBy }
        : null,
    material: admin && stored ? storedSummary(id) : null,
    health: health(id),
  };
}

/** Every engine followed, in id order; admins also see the summaries of the stored material. */
export function listEngines(admin: boolean): EngineListDto {
  const ids = engineConfigs()
    .map((c) => c.id)
    .sort((a, b) => a.localeCompare(b));
  return { engines: ids.map((id) => entryFor(id, admin)) };
}
