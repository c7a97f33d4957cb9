// Reads the host facts of each engine (GET /api/reach, /api/findings): one fixed script in the engine host's
// network namespace (iptables-save, sysctls, addresses, routes, IPsec), parsed by facts-parse.ts. Reads are
// shared (shared-read.ts, which GET /api/hosts uses too): concurrent callers wait for one read, a read is reused
// for FACTS_TTL_MS and then refreshed in the background, so however many viewers ask, each engine's host runs at most one script per interval, and no
// request but the first waits for it. A host this server cannot see is answered with `unavailable` and why.
import "server-only";
import type { HostFactsDto } from "@/lib/api/reach";
import type { EngineConfig } from "@/lib/docker/config";
import { FACTS_SCRIPT, parseHostFacts, unavailableFacts } from "./facts-parse";
import { engineNetns } from "./links";
import { HostReadError, runText, whyUnseen } from "./linux";
import { sharedRead } from "./shared-read";

/** Firewall rules change without a Docker event: a read is reused this long, then read again. */
export const FACTS_TTL_MS = Number(process.env.NETATLAS_HOST_FACTS_TTL_MS ?? 3000);
/** How old a read may be and still be answered while a new one runs. */
export const FACTS_STALE_MS = 30_000;

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
export const hostFacts = sharedRead<EngineConfig, HostFactsDto>(
  "netatlas.host.facts",
  (config) => `${config.id}\u0000${config.host}`,
  readFacts,
  { ttlMs: () => FACTS_TTL_MS, staleMs: () => FACTS_STALE_MS },
);

export function hostFactsFor(configs: readonly EngineConfig[]): Promise<HostFactsDto[]> {
  return Promise.all(configs.map((config) => hostFacts(config)));
}
