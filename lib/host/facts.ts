// Reads the host facts of each engine (GET /api/reach, /api/findings): one fixed script in the engine host's
// network namespace (iptables-save, sysctls, addresses, routes, IPsec), parsed by facts-parse.ts. Reads are
// shared: concurrent callers wait for one read, a read is reused for FACTS_TTL_MS and then refreshed in the
// background, so however many viewers ask, each engine's host runs at most one script per interval, and no
// request but the first waits for it. A host this server cannot see is answered with `unavailable` and why.
import "server-only";
import type { HostFactsDto } from "@/lib/api/reach";
import type { EngineConfig } from "@/lib/docker/config";
import { FACTS_SCRIPT, parseHostFacts, unavailableFacts } from "./facts-parse";
import { engineNetns } from "./links";
import { HostReadError, runText, whyUnseen } from "./linux";

/** Firewall rules change without a Docker event: a read is reused this long, then read again. */
export const FACTS_TTL_MS = Number(process.env.NETATLAS_HOST_FACTS_TTL_MS ?? 3000);
/** How old a read may be and still be answered while a new one runs. */
export const FACTS_STALE_MS = 30_000;

interface Cached {
  at: number;
  facts: Promise<HostFactsDto>;
  /** The read's answer once it landed. */
  settled: HostFactsDto | null;
  /** A newer read under way. */
  refreshing: Promise<HostFactsDto> | null;
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

/**
 * One engine's host facts. A read younger than FACTS_TTL_MS is used as it is; an older one (up to
 * FACTS_STALE_MS) is answered at once while a new read runs in the background, so no request waits for the
 * script after the first; older than that, the caller waits for the new read.
 */
export function hostFacts(config: EngineConfig, now = Date.now()): Promise<HostFactsDto> {
  const c = cache();
  const hit = c.get(config.id);
  if (hit && now - hit.at < FACTS_TTL_MS) return hit.facts;
  if (hit?.settled && now - hit.at < FACTS_STALE_MS) {
    if (!hit.refreshing) hit.refreshing = refresh(config, c);
    return Promise.resolve(hit.settled);
  }
  return refresh(config, c);
}

function refresh(config: EngineConfig, c: Map<string, Cached>): Promise<HostFactsDto> {
  const at = Date.now();
  const facts = readFacts(config);
  const previous = c.get(config.id);
  // While the first read runs, callers share it; a refresh keeps the previous answer until it lands.
  if (!previous?.settled) c.set(config.id, { at, facts, settled: null, refreshing: null });
  facts.then(
    (settled) => c.set(config.id, { at, facts: Promise.resolve(settled), settled, refreshing: null }),
    // A failed read is not kept: the next caller tries again.
    () => c.delete(config.id),
  );
  return facts;
}

export function hostFactsFor(configs: readonly EngineConfig[]): Promise<HostFactsDto[]> {
  return Promise.all(configs.map((config) => hostFacts(config)));
}
