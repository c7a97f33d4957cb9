// The network interfaces of the host an engine runs on, when this server can see that host: the lab engines'
// network namespaces (/run/netatlas-lab/<slot>/docker.sock runs in netns netatlas-<slot>), or this machine
// for the local socket. Read with `nsenter --net=… ip -j link` (not `ip netns exec`, see engine-notes).
// null when the host cannot be seen (remote engines, no privileges): checks that need it are then skipped.
// The Linux layer (lib/host/linux.ts) builds on the same addresses: engineExecRoot and ipIn.
import "server-only";
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { AppError } from "@/lib/api/errors";
import type { EngineConfig } from "@/lib/docker/config";
import { withProcessSlot } from "@/lib/http/limits";

const run = promisify(execFile);

const LAB_SOCKET = /^unix:\/\/\/run\/netatlas-lab\/([a-z0-9_-]+)\/docker\.sock$/;
const LOCAL_SOCKETS = new Set(["unix:///var/run/docker.sock", "unix:///run/docker.sock"]);

/** The network namespace file an engine lives in, "" for this machine's own, null when unknown. */
export function engineNetns(config: EngineConfig): string | null {
  const lab = LAB_SOCKET.exec(config.host);
  if (lab) return `/var/run/netns/netatlas-${lab[1]}`;
  if (LOCAL_SOCKETS.has(config.host)) return "";
  return null;
}

/**
 * The engine's exec-root (its `netns/` folder holds the overlay networks' namespaces, 1-<network id>, and the
 * containers' sandboxes), null when unknown. Lab engines run with --exec-root /run/netatlas-lab/<slot>/exec;
 * the local engine with Docker's default.
 */
export function engineExecRoot(config: EngineConfig): string | null {
  const lab = LAB_SOCKET.exec(config.host);
  if (lab) return `/run/netatlas-lab/${lab[1]}/exec`;
  if (LOCAL_SOCKETS.has(config.host)) return "/var/run/docker";
  return null;
}

/** The command line that runs `ip <args>` in a namespace file ("" for this machine's own namespace). */
export function ipIn(netns: string, args: string[]): [string, ...string[]] {
  return netns === "" ? ["ip", ...args] : ["nsenter", `--net=${netns}`, "ip", ...args];
}

export interface HostLink {
  name: string;
  index: number;
  kind: string | null;
}

/** The engine host's interfaces, or null when they cannot be read from here. */
export async function hostLinks(config: EngineConfig): Promise<HostLink[] | null> {
  const netns = engineNetns(config);
  if (netns === null || (netns !== "" && !fs.existsSync(netns))) return null;
  const [file, ...args] = ipIn(netns, ["-j", "-d", "link", "show"]);
  try {
    const { stdout } = await withProcessSlot(() =>
      run(file, args, {
        timeout: 5000,
        maxBuffer: 8 << 20,
      }),
    );
    const links = JSON.parse(stdout) as Array<{
      ifname: string;
      ifindex: number;
      linkinfo?: { info_kind?: string };
    }>;
    return links.map((l) => ({ name: l.ifname, index: l.ifindex, kind: l.linkinfo?.info_kind ?? null }));
  } catch (err) {
    // The server is busy (no process slot): say so (429) rather than skip the check silently.
    if (err instanceof AppError) throw err;
    return null;
  }
}
