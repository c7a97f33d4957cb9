// Reads the host facts of each engine (GET /api/reach, /api/findings): one fixed script in the engine host's
// network namespace (iptables-save, sysctls, addresses, routes, IPsec), parsed by facts-parse.ts. Reads are
// shared: concurrent callers wait for one read, and a read is reused for FACTS_TTL_MS, so however many viewers
// ask, each engine's host runs at most one script per interval. A host this server cannot see is answered with
// `unavailable` and why, never thrown.
import "server-only";
import type { HostFactsDto } from "@/lib/api/reach";
import type { EngineConfig } from "@/lib/docker/config";
import { FACTS_SCRIPT, parseHostFacts, unavailableFacts } from "./facts-parse";
import { engineNetns } from "./links";
import { HostReadError, runText, whyUnseen } from "./linux";

/** Firewall rules change without a Docker event: a read is reused this long, then read again. */
export const FACTS_TTL_MS = Number(process.env.NETATLAS_HOST_FACTS_TTL_MS ?? 3000);

interface Cached {
  at: number;
  facts: Promise<HostFactsDto>;
}

const CACHE = Symbol.for("netatlas.host.facts");
type GlobalWithCache = typeof globalThis & { [CACHE]?: Map<string, Cached> };

function cache(): Map<string, Cached> {
  const g = globalThis as GlobalWithCache;
  g[CACHE] ??= new Map();
  return g[CACHE];
}

async function readFacts(config: EngineConfig): Promise<HostFactsDto> {
  const readAt = new Date().toISOString();
  const netns = engineNetns(config);
  if (netns === null) {
    return unavailableFacts(
      config.id,
      `Engine ${config.id} is remote (${config.host}): its host's firewall and routes cannot be read from this server`,
      readAt,
    );
  }
  const why = whyUnseen(config, netns);
  if (why !== null) return unavailableFacts(config.id, why, readAt);
  const command: [string, ...string[]] =
    netns === "" ? ["sh", "-c", FACTS_SCRIPT] : ["nsenter", `--net=${netns}`, "sh", "-c", FACTS_SCRIPT];
  try {
    const source = netns === "" ? "this machine" : `network namespace ${netns.split("/").pop()}`;
    return parseHostFacts(config.id, source, readAt, await runText(command));
  } catch (err) {
    if (err instanceof HostReadError) return unavailableFacts(config.id, err.message, readAt);
    throw err;
  }
}

/** One engine's host facts, from a read at most FACTS_TTL_MS old (or the one under way). */
export function hostFacts(config: EngineConfig, now = Date.now()): Promise<HostFactsDto> {
  const c = cache();
  const hit = c.get(config.id);
  if (hit && now - hit.at < FACTS_TTL_MS) return hit.facts;
  const facts = readFacts(config);
  c.set(config.id, { at: now, facts });
  // A failed read is not kept: the next caller tries again.
  facts.catch(() => c.delete(config.id));
  return facts;
}

export function hostFactsFor(configs: readonly EngineConfig[]): Promise<HostFactsDto[]> {
  return Promise.all(configs.map((config) => hostFacts(config)));
}
