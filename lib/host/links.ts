// The network interfaces of the host an engine runs on, when this server can see that host: the lab engines'
// network namespaces (/run/netatlas-lab/<slot>/docker.sock runs in netns netatlas-<slot>), or this machine
// for the local socket. Read with `nsenter --net=… ip -j link` (not `ip netns exec`, see engine-notes).
// null when the host cannot be seen (remote engines, no privileges): checks that need it are then skipped.
import "server-only";
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import type { EngineConfig } from "@/lib/docker/config";

const run = promisify(execFile);

/** The network namespace file an engine lives in, "" for this machine's own, null when unknown. */
export function engineNetns(config: EngineConfig): string | null {
  const lab = /^unix:\/\/\/run\/netatlas-lab\/([a-z0-9_-]+)\/docker\.sock$/.exec(config.host);
  if (lab) return `/var/run/netns/netatlas-${lab[1]}`;
  if (config.host === "unix:///var/run/docker.sock" || config.host === "unix:///run/docker.sock") return "";
  return null;
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
  const command =
    netns === ""
      ? ["ip", "-j", "-d", "link", "show"]
      : ["nsenter", `--net=${netns}`, "ip", "-j", "-d", "link", "show"];
  try {
    const { stdout } = await run(command[0] as string, command.slice(1), {
      timeout: 5000,
      maxBuffer: 8 << 20,
    });
    const links = JSON.parse(stdout) as Array<{
      ifname: string;
      ifindex: number;
      linkinfo?: { info_kind?: string };
    }>;
    return links.map((l) => ({ name: l.ifname, index: l.ifindex, kind: l.linkinfo?.info_kind ?? null }));
  } catch {
    return null;
  }
}
