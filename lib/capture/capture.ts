// Captures: tcpdump, run by this server where it sees the engine's host (local socket, lab engines), on an
// endpoint's host-side veth (found from the container's interface with the endpoint's MAC address: its
// link_index is the veth's ifindex on the host), a network's bridge, or inside a container's network
// namespace (-i any). The pcap comes out on tcpdump's stdout (`-w -`), so this server counts and caps it
// (20 MiB) and writes only whole records to <data>/captures/<id>.pcap (0600). A capture ends at its time
// (30 s at most), its packet count (10,000 at most), its size cap, or when stopped; its file goes at the
// download or 10 minutes after it ended. At most NETATLAS_MAX_CAPTURES (2) run at once on the server and one
// per person. No shell anywhere: the filter is words built from validated parts.
import "server-only";
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CAPTURE_LIMITS, type CaptureDto, type CaptureRequest } from "@/lib/api/captures";
import { AppError } from "@/lib/api/errors";
import { shellCommand } from "@/lib/api/shell";
import { store } from "@/lib/auth/db";
import type { EngineConfig } from "@/lib/docker/config";
import { findContainer, findNetwork } from "@/lib/docker/engines";
import { readContainerPid } from "@/lib/docker/stats";
import { engineNetns } from "@/lib/host/links";
import { withProcessSlot } from "@/lib/http/limits";
import { readPcap, summarize } from "./pcap";

const run = promisify(execFile);

interface Capture {
  dto: CaptureDto;
  owner: number;
  file: string;
  child: ReturnType<typeof spawn> | null;
  expiry: ReturnType<typeof setTimeout> | null;
  /** Ends a running capture, saying why (what it caught is kept). */
  stop: ((why: NonNullable<CaptureDto["stoppedBy"]>) => void) | null;
}

const holder = globalThis as typeof globalThis & { __netatlasCaptures?: Map<string, Capture> };
function captures(): Map<string, Capture> {
  holder.__netatlasCaptures ??= new Map();
  return holder.__netatlasCaptures;
}

function positive(name: string, fallback: number): number {
  const n = Number(process.env[name] ?? fallback);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

/** The size cap: 20 MiB, or less with NETATLAS_CAPTURE_MAX_BYTES (never more). */
function maxBytes(): number {
  return Math.min(CAPTURE_LIMITS.maxBytes, positive("NETATLAS_CAPTURE_MAX_BYTES", CAPTURE_LIMITS.maxBytes));
}

export function captureLimits(): { perServer: number; perUser: number } {
  return {
    perServer: positive("NETATLAS_MAX_CAPTURES", 2),
    perUser: positive("NETATLAS_MAX_CAPTURES_PER_USER", 1),
  };
}

function folder(): string {
  const dir = path.join(store().dir, "captures");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The commands that run in the engine host's namespace: nothing before them for this machine's own. */
function inHost(netns: string): string[] {
  return netns === "" ? [] : ["nsenter", `--net=${netns}`];
}

async function ipLinks(
  prefix: string[],
): Promise<Array<{ ifname: string; ifindex: number; address?: string; link_index?: number }>> {
  const words = [...prefix, "ip", "-j", "link", "show"];
  const file = words[0] ?? "ip";
  const { stdout } = await withProcessSlot(() =>
    run(file, words.slice(1), { timeout: 5000, maxBuffer: 8 << 20 }),
  );
  return JSON.parse(stdout);
}

function needHost(config: EngineConfig): string {
  const netns = engineNetns(config);
  if (netns === null || (netns !== "" && !fs.existsSync(netns))) {
    throw new AppError(
      "conflict",
      `Capturing needs this server to see engine "${config.id}"'s host (the local socket or a lab engine): it runs tcpdump there. For a remote engine, run tcpdump on its host.`,
    );
  }
  return netns;
}

async function runningContainer(config: EngineConfig, ref: string) {
  const detail = await findContainer(ref, config.id);
  const c = detail.container;
  const pid = c.state === "running" ? await readContainerPid(config, c.id) : 0;
  if (!pid) {
    throw new AppError(
      "conflict",
      `Container ${c.name} is ${c.state}: captures need a running container.`,
      null,
      {
        engine: config.id,
      },
    );
  }
  return { id: c.id, name: c.name, pid, endpoints: detail.endpoints };
}

/** Where tcpdump runs and on which interface, resolved from the request. */
async function resolvePlace(
  config: EngineConfig,
  spec: CaptureRequest,
): Promise<{
  prefix: string[];
  iface: string;
  container: CaptureDto["container"];
  network: CaptureDto["network"];
}> {
  const netns = needHost(config);
  if (spec.on === "container") {
    const c = await runningContainer(config, spec.container ?? "");
    return {
      prefix: ["nsenter", `--net=/proc/${c.pid}/ns/net`],
      iface: "any",
      container: { id: c.id, name: c.name },
      network: null,
    };
  }
  const net = await findNetwork(spec.network ?? "", config.id);
  const network = { id: net.network.id, name: net.network.name };
  if (spec.on === "bridge") {
    if (net.network.driver !== "bridge") {
      throw new AppError(
        "bad_request",
        `Network ${net.network.name} is a ${net.network.driver} network: only bridge networks have a bridge on the host. Capture on an endpoint instead.`,
      );
    }
    const iface =
      net.network.options["com.docker.network.bridge.name"] ?? `br-${net.network.id.slice(0, 12)}`;
    const links = await ipLinks(inHost(netns));
    if (!links.some((l) => l.ifname === iface)) {
      throw new AppError(
        "conflict",
        `The bridge ${iface} of network ${net.network.name} is not on the host (no container has used the network yet?).`,
      );
    }
    return { prefix: inHost(netns), iface, container: null, network };
  }
  const c = await runningContainer(config, spec.container ?? "");
  const endpoint = c.endpoints.find((e) => e.networkId === net.network.id);
  if (!endpoint?.macAddress) {
    throw new AppError(
      "conflict",
      `Container ${c.name} is not attached to network ${net.network.name} (or has no MAC address there: a host or none network has no endpoint of its own).`,
    );
  }
  const inside = await ipLinks(["nsenter", `--net=/proc/${c.pid}/ns/net`]);
  const own = inside.find((l) => l.address?.toLowerCase() === endpoint.macAddress?.toLowerCase());
  const peer = own?.link_index;
  const veth = peer ? (await ipLinks(inHost(netns))).find((l) => l.ifindex === peer) : undefined;
  if (!veth) {
    throw new AppError(
      "conflict",
      `No host-side veth for ${c.name} on ${net.network.name} (${net.network.driver} networks other than bridge have none): capture inside the container instead.`,
    );
  }
  return { prefix: inHost(netns), iface: veth.ifname, container: { id: c.id, name: c.name }, network };
}

/** tcpdump's filter as words: "tcp and host 10.0.0.2 and port 80". */
export function filterWords(filter: CaptureRequest["filter"]): string[] {
  const parts: string[][] = [];
  if (filter.protocol) parts.push([filter.protocol]);
  if (filter.host) parts.push(["host", filter.host]);
  if (filter.port) parts.push(["port", String(filter.port)]);
  return parts.flatMap((p, i) => (i ? ["and", ...p] : p));
}

function publicDto(c: Capture): CaptureDto {
  return { ...c.dto, downloadable: c.dto.state === "done" && fs.existsSync(c.file) };
}

function forget(id: string): void {
  const c = captures().get(id);
  if (!c) return;
  if (c.expiry) clearTimeout(c.expiry);
  c.child?.kill("SIGKILL");
  fs.rmSync(c.file, { force: true });
  captures().delete(id);
}

/** Starts a capture; answers at once with it running. */
export async function startCapture(
  config: EngineConfig,
  spec: CaptureRequest,
  owner: number,
): Promise<CaptureDto> {
  const { perServer, perUser } = captureLimits();
  const runningNow = [...captures().values()].filter((c) => c.dto.state === "running");
  if (runningNow.length >= perServer) {
    throw new AppError(
      "too_many_requests",
      `${perServer} captures are running on this server (NETATLAS_MAX_CAPTURES); wait for one to end.`,
      null,
      { retryAfter: 10 },
    );
  }
  if (runningNow.filter((c) => c.owner === owner).length >= perUser) {
    throw new AppError(
      "too_many_requests",
      `You have ${perUser} capture running (NETATLAS_MAX_CAPTURES_PER_USER); stop it or wait for it to end.`,
      null,
      { retryAfter: 10 },
    );
  }
  const place = await resolvePlace(config, spec);
  const id = randomBytes(8).toString("hex");
  const tcpdump = (out: string) => [
    "tcpdump",
    "-i",
    place.iface,
    "-n",
    "-U",
    "-s",
    "262144",
    "-c",
    String(spec.packets),
    "-w",
    out,
    ...filterWords(spec.filter),
  ];
  const command = [...place.prefix, ...tcpdump("-")] as [string, ...string[]];
  const shown = shellCommand(...place.prefix, ...tcpdump("capture.pcap"));
  const now = Date.now();
  const capture: Capture = {
    owner,
    file: path.join(folder(), `${id}.pcap`),
    child: null,
    expiry: null,
    stop: null,
    dto: {
      id,
      on: spec.on,
      engine: config.id,
      container: place.container,
      network: place.network,
      interface: place.iface,
      filter: spec.filter,
      seconds: spec.seconds,
      packetLimit: spec.packets,
      command: `${shown}   # on the engine's host, as root; stop with Ctrl+C`,
      state: "running",
      stoppedBy: null,
      startedAt: new Date(now).toISOString(),
      endedAt: null,
      expiresAt: null,
      packets: 0,
      bytes: 0,
      downloadable: false,
      error: null,
      summary: null,
    },
  };
  captures().set(id, capture);
  const [file, ...args] = command;
  const child = spawn(file, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LANG: "C" },
  });
  capture.child = child;
  const chunks: Buffer[] = [];
  let size = 0;
  let stderr = "";
  let stoppedBy: CaptureDto["stoppedBy"] = null;
  const stop = (why: NonNullable<CaptureDto["stoppedBy"]>, signal: NodeJS.Signals = "SIGINT") => {
    if (stoppedBy) return;
    stoppedBy = why;
    // SIGINT: tcpdump writes out what it holds and ends.
    child.kill(signal);
  };
  capture.stop = (why) => stop(why);
  const timer = setTimeout(() => stop("time", "SIGINT"), spec.seconds * 1000);
  timer.unref();
  const cap = maxBytes();
  child.stdout.on("data", (chunk: Buffer) => {
    if (size >= cap) return;
    const room = cap - size;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.length, room);
    capture.dto.bytes = size;
    if (size >= cap) stop("size", "SIGTERM");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString("utf8");
  });
  const finish = (code: number | null, failure?: Error) => {
    clearTimeout(timer);
    capture.child = null;
    capture.stop = null;
    const data = Buffer.concat(chunks);
    const ended = Date.now();
    capture.dto.endedAt = new Date(ended).toISOString();
    capture.dto.expiresAt = new Date(ended + CAPTURE_LIMITS.keepMs).toISOString();
    capture.expiry = setTimeout(() => forget(id), CAPTURE_LIMITS.keepMs);
    capture.expiry.unref();
    try {
      if (failure) throw failure;
      if (data.length < 24 && (stoppedBy === "stopped" || stoppedBy === "time")) {
        // Ended before tcpdump had even written its file header: nothing was caught.
        capture.dto.summary = summarize({ linkType: 0, packets: [], completeBytes: 0 });
        capture.dto.stoppedBy = stoppedBy;
        capture.dto.state = "done";
        return;
      }
      if (data.length < 24) {
        throw new Error(
          stderr
            .trim()
            .split("\n")
            .filter((l) => !/^(tcpdump: )?listening on|^\d+ packets/.test(l))
            .join(" ") || `tcpdump ended (exit ${code}) without writing a capture`,
        );
      }
      const pcap = readPcap(data);
      fs.writeFileSync(capture.file, data.subarray(0, pcap.completeBytes), { mode: 0o600 });
      capture.dto.summary = summarize(pcap);
      capture.dto.packets = pcap.packets.length;
      capture.dto.bytes = pcap.completeBytes;
      capture.dto.stoppedBy = stoppedBy ?? (pcap.packets.length >= spec.packets ? "packets" : "time");
      capture.dto.state = "done";
    } catch (err) {
      capture.dto.state = "failed";
      capture.dto.stoppedBy = stoppedBy;
      capture.dto.error = (err as Error).message.slice(0, 500);
    }
  };
  child.on("error", (err) => finish(null, err));
  child.on("close", (code) => finish(code));
  return publicDto(capture);
}

function owned(id: string, who: { userId: number; admin: boolean }): Capture {
  const c = /^[0-9a-f]{16}$/.test(id) ? captures().get(id) : undefined;
  if (!c || (c.owner !== who.userId && !who.admin)) {
    throw new AppError(
      "not_found",
      `No capture ${id.slice(0, 20)} (captures are kept 10 minutes after they end, and only their maker and admins see them).`,
    );
  }
  return c;
}

export function captureStatus(id: string, who: { userId: number; admin: boolean }): CaptureDto {
  return publicDto(owned(id, who));
}

export function listCaptures(who: { userId: number; admin: boolean }): CaptureDto[] {
  return [...captures().values()].filter((c) => c.owner === who.userId || who.admin).map(publicDto);
}

/** The pcap file's bytes; the file is deleted (the summary stays until the capture expires). */
export function takePcap(
  id: string,
  who: { userId: number; admin: boolean },
): { name: string; data: Buffer } {
  const c = owned(id, who);
  if (c.dto.state !== "done" || !fs.existsSync(c.file)) {
    throw new AppError(
      "conflict",
      c.dto.state === "running"
        ? "The capture is still running."
        : "The capture's file is gone (downloaded already, or expired).",
    );
  }
  const data = fs.readFileSync(c.file);
  fs.rmSync(c.file, { force: true });
  const what = c.dto.container?.name ?? c.dto.network?.name ?? c.dto.interface;
  return {
    name: `netatlas-${what.replace(/[^A-Za-z0-9_.-]/g, "_")}-${c.dto.startedAt.replace(/[:.]/g, "-")}.pcap`,
    data,
  };
}

/** Stops a running capture (what it caught stays downloadable), or deletes an ended one. */
export function stopCapture(id: string, who: { userId: number; admin: boolean }): CaptureDto {
  const c = owned(id, who);
  if (c.dto.state === "running" && c.stop) {
    c.stop("stopped");
    return publicDto(c);
  }
  const dto = publicDto(c);
  forget(id);
  return { ...dto, downloadable: false };
}
