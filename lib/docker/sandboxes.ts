// What the Linux-layer reader (lib/host/linux.ts) needs from one engine: its running containers with their
// process id (to enter their network namespace) and each endpoint's MAC and address (to find the interface),
// and its networks with the options that name their Linux devices (bridge name, macvlan/ipvlan parent).
import "server-only";
import { connect, deadline } from "./client";
import type { EngineConfig } from "./config";
import { DockerError } from "./errors";
import { mapBounded } from "./limit";
import { normaliseNetworkMode } from "./map";
import type { RawContainer, RawContainerSummary, RawNetwork } from "./raw";
import { get, INSPECT_CONCURRENCY } from "./read";

export interface SandboxEndpoint {
  networkId: string;
  networkName: string;
  /** Lower case, as `ip` prints it; null when Docker has none (host and none networks). */
  macAddress: string | null;
  /** Without prefix length, e.g. 172.17.0.2. */
  ipv4Address: string | null;
}

export interface SandboxContainer {
  id: string;
  name: string;
  /** The container's main process on the engine's host: `nsenter -t <pid> -n` enters its namespace. */
  pid: number;
  networkMode: string;
  endpoints: SandboxEndpoint[];
}

export interface SandboxNetwork {
  id: string;
  name: string;
  driver: string;
  scope: string;
  /** com.docker.network.bridge.name, when set (docker0, docker_gwbridge, custom names). */
  bridgeName: string | null;
  /** macvlan/ipvlan: the parent interface option. */
  parent: string | null;
}

export interface EngineSandboxes {
  engine: string;
  containers: SandboxContainer[];
  networks: SandboxNetwork[];
}

const BRIDGE_NAME = "com.docker.network.bridge.name";

export function sandboxNetwork(raw: RawNetwork): SandboxNetwork {
  return {
    id: raw.Id,
    name: raw.Name,
    driver: raw.Driver,
    scope: raw.Scope,
    bridgeName: raw.Options?.[BRIDGE_NAME] || null,
    parent: raw.Options?.parent || null,
  };
}

export function sandboxContainer(raw: RawContainer): SandboxContainer | null {
  const pid = raw.State.Pid ?? 0;
  if (pid <= 0) return null;
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ""),
    pid,
    networkMode: normaliseNetworkMode(raw.HostConfig.NetworkMode),
    endpoints: Object.entries(raw.NetworkSettings.Networks ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([networkName, e]) => ({
        networkId: e.NetworkID ?? "",
        networkName,
        macAddress: e.MacAddress ? e.MacAddress.toLowerCase() : null,
        ipv4Address: e.IPAddress || null,
      })),
  };
}

/** Running (and paused: their interfaces exist) containers and all networks of one engine. Throws a DockerError. */
export async function readSandboxes(config: EngineConfig): Promise<EngineSandboxes> {
  const engine = await connect(config);
  const signal = deadline();
  const filters = encodeURIComponent(JSON.stringify({ status: ["running", "paused"] }));
  const [list, networks] = await Promise.all([
    get<RawContainerSummary[]>(
      engine,
      "list running containers",
      `/containers/json?filters=${filters}`,
      signal,
    ),
    get<RawNetwork[]>(engine, "list networks", "/networks", signal),
  ]);
  const inspected = await mapBounded(list, INSPECT_CONCURRENCY, async (summary) => {
    try {
      return await get<RawContainer>(
        engine,
        `inspect container ${summary.Id.slice(0, 12)}`,
        `/containers/${encodeURIComponent(summary.Id)}/json`,
        signal,
      );
    } catch (err) {
      // Gone between list and inspect: nothing of it is left to see on the host either.
      if (err instanceof DockerError && err.code === "not_found") return null;
      throw err;
    }
  });
  return {
    engine: config.id,
    containers: inspected
      .map((raw) => (raw ? sandboxContainer(raw) : null))
      .filter((c): c is SandboxContainer => c !== null)
      .sort((a, b) => a.name.localeCompare(b.name)),
    networks: networks.map(sandboxNetwork).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
