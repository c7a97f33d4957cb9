// Running a probe tool inside one container's network namespace with this server's own tools:
// `nsenter --net=/proc/<pid>/ns/net <busybox applet | node probe-agent.mjs> …`, no shell, arguments as argv.
// Used only where the server sees the engine's host (local socket, lab engines: lib/host/links.ts) and the
// process really is that container's (its cgroup names the container id), so a probe never runs anywhere else.
// The process is killed at the deadline or when the client goes away.
import "server-only";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { EngineConfig } from "@/lib/docker/config";
import type { ProbeContainer } from "@/lib/docker/probe-helper";
import { engineNetns } from "@/lib/host/links";
import { NEEDS_ROOT } from "@/lib/host/linux";

export const BUSYBOX = process.env.NETATLAS_PROBE_BUSYBOX?.trim() || "/usr/bin/busybox";
export const AGENT =
  process.env.NETATLAS_PROBE_AGENT?.trim() || path.join(process.cwd(), "scripts", "probe-agent.mjs");

/** The namespace file to enter for `c`, or why this server cannot (then a helper container is used). */
export function namespaceOf(config: EngineConfig, c: ProbeContainer): { netns: string } | { why: string } {
  if (engineNetns(config) === null) return { why: `engine ${config.id} is not on this machine` };
  if (process.geteuid && process.geteuid() !== 0) return { why: NEEDS_ROOT };
  if (!(c.pid > 0)) return { why: "the container has no process" };
  const netns = `/proc/${c.pid}/ns/net`;
  try {
    // The process must be this container's: a process id seen here could belong to anything else.
    if (!fs.readFileSync(`/proc/${c.pid}/cgroup`, "utf8").includes(c.id)) {
      return { why: `process ${c.pid} on this machine is not container ${c.name}'s` };
    }
    fs.accessSync(netns);
  } catch {
    return { why: `process ${c.pid} of container ${c.name} is not visible on this machine` };
  }
  if (!fs.existsSync(BUSYBOX)) return { why: `${BUSYBOX} is not installed on this server (Debian: busybox)` };
  // The standalone build (the container image) does not carry the agent: a helper container is used there.
  if (!fs.existsSync(AGENT)) return { why: `the probe agent ${AGENT} is not on this server` };
  return { netns };
}

export interface ProcessRun {
  exitCode: number | null;
  timedOut: boolean;
  /** nsenter's own complaint (no permission, no such process), when it failed before the tool ran. */
  failure: string | null;
}

/** Runs `argv` in namespace `netns`, output to `onOutput`, killed after `timeoutMs` or when `signal` aborts. */
export function runInNamespace(
  netns: string,
  argv: string[],
  timeoutMs: number,
  onOutput: (chunk: Buffer) => void,
  signal: AbortSignal,
): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const child = spawn("nsenter", [`--net=${netns}`, ...argv], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LANG: "C" },
    });
    let timedOut = false;
    let stderrHead = "";
    const kill = () => child.kill("SIGKILL");
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const onAbort = () => kill();
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) kill();
    child.stdout.on("data", onOutput);
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderrHead.length < 2000) stderrHead += chunk.toString();
      onOutput(chunk);
    });
    const finish = (exitCode: number | null, failure: string | null) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve({ exitCode, timedOut, failure });
    };
    child.on("error", (err: NodeJS.ErrnoException) =>
      finish(
        null,
        err.code === "ENOENT" ? "nsenter is not installed on this server (Debian: util-linux)" : err.message,
      ),
    );
    child.on("close", (code) => {
      const said = /^nsenter: (.*)$/m.exec(stderrHead)?.[1] ?? null;
      const failure = said
        ? /Operation not permitted|Permission denied/.test(said)
          ? NEEDS_ROOT
          : `nsenter: ${said}`
        : null;
      finish(code, failure);
    });
  });
}
