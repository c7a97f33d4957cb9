// Which engine(s) a lab runs on. A one-engine lab: the engine the request names (`?engine=`), or the first
// configured. A swarm lab: a configured engine that is a swarm manager with a ready worker that is configured
// here too (its commands marked `on: worker` run there, with the worker's own CLI settings), found from the
// live topology's swarm info. When none fits, a 409 that says what is missing. The choice is pure (tested on
// fixtures); `labEngines` feeds it the configuration and the current topology.
import { AppError } from "@/lib/api/errors";
import type { LabDto, LabNeeds } from "@/lib/api/labs";
import type { TopologyDto } from "@/lib/api/types";
import type { EngineConfig } from "@/lib/docker/config";

export interface LabEngines {
  /** Where commands run (the swarm manager for swarm labs). */
  manager: EngineConfig;
  /** Swarm labs: the worker's engine, for `on: worker` commands. */
  worker: EngineConfig | null;
}

/** Every engine of a choice, the manager first. */
export function enginesOf(choice: LabEngines): EngineConfig[] {
  return choice.worker ? [choice.manager, choice.worker] : [choice.manager];
}

function unknownEngine(id: string, configured: EngineConfig[]): AppError {
  return new AppError(
    "not_found",
    `No engine "${id}" is configured (known: ${configured.map((c) => c.id).join(", ") || "none"}).`,
  );
}

/** A one-engine lab's engine: the requested one, or the first configured. */
export function oneEngine(configured: EngineConfig[], requested: string | null): LabEngines {
  if (requested) {
    const engine = configured.find((c) => c.id === requested);
    if (!engine) throw unknownEngine(requested, configured);
    return { manager: engine, worker: null };
  }
  const first = configured[0];
  if (!first) throw new AppError("conflict", "No engine is configured: a lab needs one to run on.");
  return { manager: first, worker: null };
}

interface SwarmCandidate {
  manager: EngineConfig;
  /** The configured engine of a ready worker of its swarm, or why there is none. */
  worker: EngineConfig | null;
  why: string | null;
}

function swarmCandidates(configured: EngineConfig[], topology: TopologyDto): SwarmCandidate[] {
  const dtoOf = new Map(topology.engines.map((e) => [e.id, e]));
  const engineOfNode = new Map<string, EngineConfig>();
  for (const config of configured) {
    const nodeId = dtoOf.get(config.id)?.swarm?.nodeId;
    if (nodeId) engineOfNode.set(nodeId, config);
  }
  const out: SwarmCandidate[] = [];
  for (const config of configured) {
    const dto = dtoOf.get(config.id);
    if (dto?.status !== "up" || !dto.swarm?.isManager || dto.swarm.state !== "active") continue;
    const workers = topology.nodes.filter(
      (n) => n.engine === config.id && n.role === "worker" && n.id !== dto.swarm?.nodeId,
    );
    const ready = workers.filter((n) => n.state === "ready" && n.availability === "active");
    const worker = ready.map((n) => engineOfNode.get(n.id)).find((e) => e !== undefined) ?? null;
    let why: string | null = null;
    if (!worker) {
      why =
        workers.length === 0
          ? `swarm manager ${config.id} has no worker`
          : ready.length === 0
            ? `no worker of swarm manager ${config.id} is ready (${workers.map((w) => `${w.hostname}: ${w.state}, ${w.availability}`).join("; ")})`
            : `no ready worker of swarm manager ${config.id} (${ready.map((w) => w.hostname).join(", ")}) is configured here as an engine (NETATLAS_ENGINES): its commands need the worker's own engine`;
    }
    out.push({ manager: config, worker, why });
  }
  return out;
}

/** A swarm lab's engines: the requested manager, or the first that has a ready, configured worker. */
export function swarmEngines(
  configured: EngineConfig[],
  topology: TopologyDto,
  requested: string | null,
): LabEngines {
  if (requested && !configured.some((c) => c.id === requested)) throw unknownEngine(requested, configured);
  const candidates = swarmCandidates(configured, topology);
  const usable = candidates.filter((c) => c.worker);
  if (requested) {
    const found = usable.find((c) => c.manager.id === requested);
    if (found) return { manager: found.manager, worker: found.worker };
    const partial = candidates.find((c) => c.manager.id === requested);
    const asWorker = candidates.find((c) => c.worker?.id === requested);
    const reason = partial?.why
      ? partial.why
      : asWorker
        ? `${requested} is a worker of swarm manager ${asWorker.manager.id}: ask for the manager`
        : `${requested} is not an active swarm manager`;
    throw new AppError("conflict", `This lab needs a swarm manager with a ready worker: ${reason}.`);
  }
  const first = usable[0];
  if (first) return { manager: first.manager, worker: first.worker };
  const reasons = candidates.map((c) => c.why).filter(Boolean);
  throw new AppError(
    "conflict",
    `This lab needs a swarm manager with a ready worker, both configured as engines here: ${
      reasons.length ? reasons.join("; ") : "no configured engine is an active swarm manager"
    }.`,
  );
}

export function chooseEngines(
  needs: LabNeeds,
  configured: EngineConfig[],
  topology: TopologyDto | null,
  requested: string | null,
): LabEngines {
  if (needs === "one-engine") return oneEngine(configured, requested);
  if (!topology) throw new AppError("conflict", "The engines' swarm state is not known yet.");
  return swarmEngines(configured, topology, requested);
}

/** Whether a lab can run here at all, and why not (GET /api/labs): the same choice, its 409 in words. */
export function runnable(
  lab: Pick<LabDto, "needs">,
  configured: EngineConfig[],
  topology: TopologyDto | null,
  cliFound: boolean,
): { runnable: boolean; why: string | null } {
  if (!cliFound) {
    return {
      runnable: false,
      why: "The docker CLI is not installed on this server: labs run their commands with it.",
    };
  }
  try {
    chooseEngines(lab.needs, configured, topology, null);
    return { runnable: true, why: null };
  } catch (err) {
    return { runnable: false, why: err instanceof AppError ? err.message : String(err) };
  }
}
