// Reset: remove everything a lab made, i.e. everything labelled netatlas.lab=<id> (the parser adds the label to
// every command that creates something), with the same docker CLI the lab ran. Services first (their tasks'
// containers go with them), then containers (forced: running ones too), then networks, retried for up to 10 s
// while endpoints detach. Says what it removed and what it could not, with Docker's words. `labObjects` lists what
// is left.
import "server-only";
import { AppError } from "@/lib/api/errors";
import { LAB_LABEL, type LabObjects, type LabResetDto } from "@/lib/api/labs";
import { engineConfigs } from "@/lib/docker/client";
import type { EngineConfig } from "@/lib/docker/config";
import { type CliResult, runDocker } from "./cli";

/** How long networks are retried while the containers that used them are still detaching. */
const NETWORK_RETRY_MS = 10_000;
const NETWORK_RETRY_STEP_MS = 500;
/** How long a container whose removal Docker reported as failing may take to go (a swarm task's). */
const CONTAINER_WAIT_MS = 5_000;

interface Found {
  id: string;
  name: string;
  /** networks: local or swarm. */
  scope?: string;
}

const filter = (lab: string) => ["--filter", `label=${LAB_LABEL}=${lab}`];

function rows(out: string): string[][] {
  return out
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/));
}

/** Docker refuses service commands on an engine that is not a swarm manager: it then has no services of ours. */
const NOT_A_MANAGER = /not a swarm manager|swarm mode|not part of a swarm/i;

function listFailed(engine: EngineConfig, what: string, r: CliResult): AppError {
  return new AppError(
    "engine_error",
    `Engine ${engine.id}: could not list the lab's ${what}.`,
    r.message || `exit code ${r.exitCode}`,
    { engine: engine.id },
  );
}

async function listServices(engine: EngineConfig, lab: string): Promise<Found[]> {
  const r = await runDocker(engine, ["service", "ls", ...filter(lab), "--format", "{{.ID}} {{.Name}}"]);
  if (!r.ok) {
    if (NOT_A_MANAGER.test(r.stderr)) return [];
    throw listFailed(engine, "services", r);
  }
  return rows(r.stdout).map(([id = "", name = ""]) => ({ id, name }));
}

async function listContainers(engine: EngineConfig, lab: string): Promise<Found[]> {
  const r = await runDocker(engine, ["ps", "-a", ...filter(lab), "--format", "{{.ID}} {{.Names}}"]);
  if (!r.ok) throw listFailed(engine, "containers", r);
  return rows(r.stdout).map(([id = "", name = ""]) => ({ id, name }));
}

async function listNetworks(engine: EngineConfig, lab: string): Promise<Found[]> {
  const r = await runDocker(engine, [
    "network",
    "ls",
    ...filter(lab),
    "--format",
    "{{.ID}} {{.Name}} {{.Scope}}",
  ]);
  if (!r.ok) throw listFailed(engine, "networks", r);
  return rows(r.stdout).map(([id = "", name = "", scope = ""]) => ({ id, name, scope }));
}

async function isManager(engine: EngineConfig): Promise<boolean> {
  const r = await runDocker(engine, ["info", "--format", "{{.Swarm.ControlAvailable}}"]);
  return r.ok && r.stdout.trim() === "true";
}

/** An object's name in the answer: with its engine when the lab spans several. */
function label(engine: EngineConfig, name: string, several: boolean): string {
  return several ? `${engine.id}/${name}` : name;
}

function whyNot(err: unknown): string {
  return err instanceof AppError ? [err.message, err.detail].filter(Boolean).join(" ") : String(err);
}

const gone = (message: string) => /no such (container|network|service)|not found/i.test(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * After a `rm -f` that reported errors, which of `containers` are still there: a service's task container the
 * swarm was removing meanwhile ("removal already in progress") goes within moments, so this waits up to 5 s.
 */
async function stillThere(engine: EngineConfig, lab: string, containers: Found[]): Promise<Set<string>> {
  const wanted = new Set(containers.map((c) => c.id));
  const until = Date.now() + CONTAINER_WAIT_MS;
  for (;;) {
    const left = new Set((await listContainers(engine, lab)).map((c) => c.id).filter((id) => wanted.has(id)));
    if (!left.size || Date.now() >= until) return left;
    await sleep(NETWORK_RETRY_STEP_MS);
  }
}

/** Removes every object of lab `lab` on `engines`. Never throws for Docker's refusals: they are in `failed`. */
export async function resetLab(lab: string, engines: EngineConfig[]): Promise<LabResetDto> {
  const started = Date.now();
  const several = engines.length > 1;
  const removed: LabObjects = { containers: [], services: [], networks: [] };
  const failed: LabResetDto["failed"] = [];
  const fail = (object: string, message: string) => failed.push({ object, message });
  const reachable: EngineConfig[] = [];

  // Services, on every engine first: their tasks' containers may be on other engines (a worker).
  for (const engine of engines) {
    try {
      const services = await listServices(engine, lab);
      reachable.push(engine);
      if (!services.length) continue;
      const r = await runDocker(engine, ["service", "rm", ...services.map((s) => s.id)]);
      for (const s of services) {
        if (r.ok || !r.stderr.includes(s.id)) removed.services.push(label(engine, s.name, several));
        else fail(`service ${label(engine, s.name, several)}`, r.message);
      }
    } catch (err) {
      fail(`engine ${engine.id}`, whyNot(err));
    }
  }

  for (const engine of reachable) {
    try {
      const containers = await listContainers(engine, lab);
      if (!containers.length) continue;
      const r = await runDocker(engine, ["rm", "-f", ...containers.map((c) => c.id)]);
      const left = r.ok ? new Set<string>() : await stillThere(engine, lab, containers);
      for (const c of containers) {
        if (!left.has(c.id)) removed.containers.push(label(engine, c.name, several));
        else fail(`container ${label(engine, c.name, several)}`, r.message);
      }
    } catch (err) {
      fail(`engine ${engine.id}`, whyNot(err));
    }
  }

  // Networks: an endpoint of a just-removed container (or a service task) may take a moment to go.
  const pending: Array<{ engine: EngineConfig; network: Found; message: string }> = [];
  for (const engine of reachable) {
    try {
      const manager = await isManager(engine);
      for (const network of await listNetworks(engine, lab)) {
        // A worker shows a swarm network while a task uses it; only a manager can remove it.
        if (network.scope === "swarm" && !manager) continue;
        pending.push({ engine, network, message: "" });
      }
    } catch (err) {
      fail(`engine ${engine.id}`, whyNot(err));
    }
  }
  const until = Date.now() + NETWORK_RETRY_MS;
  while (pending.length) {
    for (const item of [...pending]) {
      const r = await runDocker(item.engine, ["network", "rm", item.network.id]);
      if (r.ok || gone(r.message)) {
        removed.networks.push(label(item.engine, item.network.name, several));
        pending.splice(pending.indexOf(item), 1);
      } else {
        item.message = r.message;
      }
    }
    if (!pending.length || Date.now() >= until) break;
    await sleep(NETWORK_RETRY_STEP_MS);
  }
  for (const item of pending) fail(`network ${label(item.engine, item.network.name, several)}`, item.message);

  return { removed, failed, ms: Date.now() - started };
}

/** What lab `lab` left on `engines`, by default every configured one (what Reset would remove). */
export async function labObjects(
  lab: string,
  engines: EngineConfig[] = engineConfigs(),
): Promise<LabObjects> {
  const several = engines.length > 1;
  const out: LabObjects = { containers: [], services: [], networks: [] };
  for (const engine of engines) {
    for (const s of await listServices(engine, lab)) out.services.push(label(engine, s.name, several));
    for (const c of await listContainers(engine, lab)) out.containers.push(label(engine, c.name, several));
    for (const n of await listNetworks(engine, lab)) out.networks.push(label(engine, n.name, several));
  }
  return out;
}
