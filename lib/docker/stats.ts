// What the traffic sampler (lib/traffic) asks Docker: one container's process id (to enter its network namespace
// once, when its endpoints change) and one container's per-interface network counters from the Engine API's
// stats, as a single sample (`stream=false`, plus `one-shot=true` from API 1.41: no wait for a second CPU
// sample). Each call has its own deadline; failures are DockerErrors.
import "server-only";
import { connect, deadline } from "./client";
import type { EngineConfig } from "./config";
import type { RawContainer } from "./raw";
import { get } from "./read";
import { compareApiVersions } from "./versions";

const STATS_TIMEOUT_MS = 5000;

/** The container's main process id on the engine host, 0 when it has none (not running). */
export async function readContainerPid(config: EngineConfig, id: string): Promise<number> {
  const engine = await connect(config);
  const raw = await get<RawContainer>(
    engine,
    `inspect container ${id.slice(0, 12)}`,
    `/containers/${encodeURIComponent(id)}/json`,
    deadline(STATS_TIMEOUT_MS),
  );
  return raw.State.Pid ?? 0;
}

export type RawNetworkStats = Record<
  string,
  { rx_bytes?: number; tx_bytes?: number; rx_packets?: number; tx_packets?: number }
>;

/** Per-interface counters of one container (the container's own view); undefined when Docker gives none. */
export async function readNetworkStats(
  config: EngineConfig,
  id: string,
): Promise<RawNetworkStats | undefined> {
  const engine = await connect(config);
  const oneShot = compareApiVersions(engine.apiVersion, "1.41") >= 0 ? "&one-shot=true" : "";
  const raw = await get<{ networks?: RawNetworkStats }>(
    engine,
    `read stats of container ${id.slice(0, 12)}`,
    `/containers/${encodeURIComponent(id)}/stats?stream=false${oneShot}`,
    deadline(STATS_TIMEOUT_MS),
  );
  return raw.networks;
}
