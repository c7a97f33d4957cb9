// Reads the Linux layer of each engine's host (GET /api/hosts): one `ip -j -d addr show` in the host's network
// namespace, one in every overlay namespace of the engine's exec-root, one per running container (entered by
// its process id), at most 8 at a time (and within the server-wide process limit), each cut off after 5 s.
// Requests within NETATLAS_HOSTS_TTL_MS of one read share it. A host that cannot be seen from this server
// (remote engine, not root, nsenter missing) is answered with `unavailable` saying why, never thrown.
import "server-only";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/api/errors";
import type { HostLayerDto } from "@/lib/api/hosts";
import type { EngineConfig } from "@/lib/docker/config";
import { DockerError } from "@/lib/docker/errors";
import { mapBounded } from "@/lib/docker/limit";
import { readSandboxes } from "@/lib/docker/sandboxes";
import { limits, withProcessSlot } from "@/lib/http/limits";
import { engineExecRoot, engineNetns, ipIn } from "./links";
import {
  type HostReading,
  hostLayer,
  type IpLink,
  overlayNamespaces,
  parseIpJson,
  unavailableLayer,
} from "./linux-parse";
import { sharedRead } from "./shared-read";

export const COMMAND_TIMEOUT_MS = 5000;
export const COMMAND_CONCURRENCY = 8;
const IP_ARGS = ["-j", "-d", "addr", "show"];
export const NEEDS_ROOT =
  "nsenter: permission denied: run Netatlas as root to see into the engine host (Linux layer, firewall)";

/** A command that could not tell us what it should: why, in words for the map. */
export class HostReadError extends Error {}

/** `ip -j` output as links. */
async function runIp(command: [string, ...string[]]): Promise<IpLink[]> {
  const stdout = await runText(command);
  try {
    return parseIpJson(stdout);
  } catch (parseError) {
    throw new HostReadError(`${command.join(" ")}: ${(parseError as Error).message}`);
  }
}

/**
 * A command's standard output; its failures as a HostReadError saying why in words for the map. Every command
 * waits for one of the server's process slots (lib/http/limits.ts): a 429 AppError when none frees in time.
 */
export function runText(command: [string, ...string[]]): Promise<string> {
  return withProcessSlot(() => spawnText(command));
}

function spawnText(command: [string, ...string[]]): Promise<string> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: COMMAND_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 16 << 20, encoding: "utf8" },
      (err, stdout, stderr) => {
        if (!err) {
          resolve(stdout);
          return;
        }
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        if (e.code === "ENOENT") {
          reject(new HostReadError(`${file} is not installed on this server (Debian: util-linux, iproute2)`));
        } else if (e.code === "EACCES" || e.code === "EPERM") {
          reject(new HostReadError(NEEDS_ROOT));
        } else if (e.killed) {
          reject(
            new HostReadError(`${command.join(" ")} did not finish within ${COMMAND_TIMEOUT_MS / 1000} s`),
          );
        } else {
          // nsenter reports missing privileges only in words (exit status 1 for every failure).
          const said = stderr.trim().split("\n")[0] ?? "";
          reject(
            new HostReadError(
              /Operation not permitted|Permission denied/.test(said)
                ? NEEDS_ROOT
                : `${command.join(" ")}: ${said || e.message}`,
            ),
          );
        }
      },
    );
  });
}

/** Why this server cannot see into the engine host's namespace `netns`, or null when it can try. */
export function whyUnseen(config: EngineConfig, netns: string): string | null {
  if (process.geteuid && process.geteuid() !== 0) return NEEDS_ROOT;
  if (netns !== "" && !fs.existsSync(netns)) {
    return `Engine ${config.id}'s network namespace ${netns} does not exist (is the engine running?)`;
  }
  return null;
}

/** Namespace files in the engine's exec-root (overlays and sandboxes); none when there is no such folder. */
function namespaceFiles(config: EngineConfig): { dir: string; files: string[] } {
  const root = engineExecRoot(config);
  const dir = root ? path.join(root, "netns") : "";
  try {
    return { dir, files: dir ? fs.readdirSync(dir) : [] };
  } catch {
    return { dir, files: [] };
  }
}

/** What was read on the engine's host; throws a HostReadError or DockerError when the host cannot be read. */
export async function readHost(config: EngineConfig, netns: string): Promise<HostReading> {
  const readAt = new Date().toISOString();
  // IPsec is read for encrypted overlays; a host without xfrm support simply has none.
  const xfrm = (what: string) =>
    runText(ipIn(netns, ["xfrm", what])).catch((err) => {
      if (err instanceof AppError) throw err;
      return "";
    });
  const [docker, host, xfrmPolicy, xfrmState] = await Promise.all([
    readSandboxes(config),
    runIp(ipIn(netns, IP_ARGS)),
    xfrm("policy"),
    xfrm("state"),
  ]);
  const { dir, files } = namespaceFiles(config);
  const overlayNames = overlayNamespaces(files, docker.networks);
  // Only containers with an interface of their own: not --network host/none/container:X.
  const drivers = new Map(docker.networks.map((n) => [n.id, n.driver]));
  const withInterfaces = docker.containers.filter((c) =>
    c.endpoints.some((e) => !["host", "null"].includes(drivers.get(e.networkId) ?? "")),
  );
  const jobs = [
    ...overlayNames.map((name) => ({ key: `overlay:${name}`, command: ipIn(path.join(dir, name), IP_ARGS) })),
    ...withInterfaces.map((c) => ({
      key: `container:${c.id}`,
      command: ["nsenter", "-t", String(c.pid), "-n", "ip", ...IP_ARGS] as [string, ...string[]],
    })),
  ];
  // A container that stopped, or an overlay namespace being set up or torn down (its file not yet or no longer
  // a namespace), since Docker was asked is simply not there: the rest of the host is still worth showing.
  const results = await mapBounded(jobs, COMMAND_CONCURRENCY, async (job) => {
    try {
      return { key: job.key, links: await runIp(job.command) };
    } catch (err) {
      if (err instanceof HostReadError && err.message === NEEDS_ROOT) throw err;
      // A busy server (no process slot) is not a missing container: the whole read is refused (429).
      if (err instanceof AppError) throw err;
      return { key: job.key, links: null };
    }
  });
  const containerLinks: Record<string, IpLink[]> = {};
  const overlayLinks: Record<string, IpLink[]> = {};
  for (const { key, links } of results) {
    if (!links) continue;
    if (key.startsWith("container:")) containerLinks[key.slice("container:".length)] = links;
    else overlayLinks[key.slice("overlay:".length)] = links;
  }
  return {
    engine: config.id,
    source: netns === "" ? "this machine" : `network namespace ${path.basename(netns)}`,
    readAt,
    containers: docker.containers,
    networks: docker.networks,
    host,
    containerLinks,
    overlayLinks,
    xfrmPolicy,
    xfrmState,
  };
}

/** The Linux layer of one engine's host; `unavailable` says why when it cannot be seen. Never throws for that. */
export async function readHostLayer(config: EngineConfig): Promise<HostLayerDto> {
  const unavailable = (why: string) => unavailableLayer(config.id, why, new Date().toISOString());
  const netns = engineNetns(config);
  if (netns === null) {
    return unavailable(
      `Engine ${config.id} is remote (${config.host}): its host cannot be seen from this server`,
    );
  }
  const why = whyUnseen(config, netns);
  if (why !== null) return unavailable(why);
  try {
    return hostLayer(await readHost(config, netns));
  } catch (err) {
    if (err instanceof HostReadError) return unavailable(err.message);
    if (err instanceof DockerError) return unavailable(err.message);
    throw err;
  }
}

/**
 * One engine's Linux layer, shared by every request that asks within NETATLAS_HOSTS_TTL_MS of one read (and
 * while it runs) and for the same store version: a change to the topology (new container, new veth) is never
 * answered from a read made before it.
 */
const sharedLayer = sharedRead<{ config: EngineConfig; version: number }, HostLayerDto>(
  "netatlas.host.layer",
  ({ config, version }) => `${config.id}\u0000${config.host}\u0000${version}`,
  ({ config }) => readHostLayer(config),
  { ttlMs: () => limits().hostsTtlMs, staleMs: () => 0 },
);

/** The Linux layer of each engine's host (GET /api/hosts); `version` is the live store's. */
export async function readHostLayers(configs: readonly EngineConfig[], version = 0): Promise<HostLayerDto[]> {
  return Promise.all(configs.map((config) => sharedLayer({ config, version })));
}
