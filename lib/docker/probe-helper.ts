// Probes (POST /api/probes) through Docker: the container a probe runs from (its state, process id and
// addresses), and, where this server cannot enter the container's namespace itself (a remote engine), a
// short-lived helper container joined to it (`docker run --rm --network container:<id> <probe image> …`) whose
// output is streamed back. The helper is removed afterwards whatever happens (failure, deadline, the client
// leaving). Every call goes through engineCall with a deadline.
import "server-only";
import type { Readable } from "node:stream";
import { AppError } from "@/lib/api/errors";
import { connect, deadline, engineCall } from "./client";
import type { EngineConfig } from "./config";
import { DockerError } from "./errors";
import type { RawContainer } from "./raw";

export interface ProbeContainer {
  id: string;
  name: string;
  /** Docker's State.Status: running, paused, exited… */
  status: string;
  /** The main process on the engine's host; 0 when not running. */
  pid: number;
  /** This container's addresses, by network name. */
  addresses: { network: string; ip: string; gateway: string }[];
}

/** A container by id, id prefix or name; 404 when the engine has none. */
export async function inspectProbeContainer(config: EngineConfig, ref: string): Promise<ProbeContainer> {
  const engine = await connect(config);
  const raw = (await engineCall(config, `inspect container ${ref}`, (signal) =>
    engine.get(`/containers/${encodeURIComponent(ref)}/json`, signal),
  )) as RawContainer;
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ""),
    status: raw.State.Status,
    pid: raw.State.Pid ?? 0,
    addresses: Object.entries(raw.NetworkSettings.Networks ?? {})
      .filter(([, e]) => !!e.IPAddress)
      .map(([network, e]) => ({ network, ip: e.IPAddress as string, gateway: e.Gateway ?? "" })),
  };
}

/** Says whether `image` is on the engine; a clear 409 naming the setting when it is not. */
export async function requireProbeImage(config: EngineConfig, image: string): Promise<void> {
  const engine = await connect(config);
  try {
    await engineCall(config, `inspect image ${image}`, (signal) =>
      engine.get(`/images/${encodeURIComponent(image)}/json`, signal),
    );
  } catch (err) {
    if (err instanceof DockerError && err.code === "not_found") {
      throw new AppError(
        "conflict",
        `The probe image ${image} is not on engine "${config.id}", and this server cannot enter that engine's containers itself: build or load it there (scripts/lab.sh builds netatlas/busybox:latest on lab engines), or name another image with busybox in NETATLAS_PROBE_IMAGE.`,
        null,
        { engine: config.id },
      );
    }
    throw err;
  }
}

export const PROBE_LABEL = "netatlas.probe";

export interface HelperRun {
  exitCode: number | null;
  timedOut: boolean;
}

/**
 * Runs `command` in a new container of `image` that shares `containerId`'s network namespace, feeding its
 * output to `onOutput` as it comes; ends by `timeoutMs` (the container is then removed, killing it) or when
 * `signal` aborts. The helper is always removed.
 */
export async function runHelperContainer(
  config: EngineConfig,
  containerId: string,
  image: string,
  command: string[],
  timeoutMs: number,
  onOutput: (chunk: Buffer) => void,
  signal: AbortSignal,
): Promise<HelperRun> {
  const engine = await connect(config);
  const created = await engineCall(config, "create a probe helper container", (s) =>
    engine.docker.createContainer({
      Image: image,
      Cmd: command,
      Tty: true,
      Labels: { [PROBE_LABEL]: containerId },
      HostConfig: { NetworkMode: `container:${containerId}`, AutoRemove: false },
      abortSignal: s,
    } as Parameters<typeof engine.docker.createContainer>[0]),
  );
  const helper = engine.docker.getContainer(created.id);
  const stop = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  try {
    const stream = (await engineCall(config, "attach to the probe helper", (s) =>
      helper.attach({ stream: true, stdout: true, stderr: true, abortSignal: s } as object),
    )) as unknown as Readable;
    stream.on("data", (chunk: Buffer) => onOutput(chunk));
    stream.on("error", () => undefined);
    await engineCall(config, "start the probe helper", (s) => helper.start({ abortSignal: s } as object));
    const ended = new Promise<number | null>((resolve) => {
      if (stop.aborted) resolve(null);
      stop.addEventListener("abort", () => resolve(null), { once: true });
      stream.on("end", () => resolve(-1));
    });
    const code = await ended;
    if (code === null) return { exitCode: null, timedOut: !signal.aborted };
    const waited = (await engineCall(
      config,
      "read the probe helper's exit code",
      (s) => helper.wait({ abortSignal: s } as object),
      deadline(2000),
    ).catch(() => null)) as { StatusCode?: number } | null;
    return { exitCode: waited?.StatusCode ?? null, timedOut: false };
  } finally {
    await engineCall(
      config,
      "remove the probe helper",
      (s) => helper.remove({ force: true, abortSignal: s } as object),
      deadline(5000),
    ).catch(() => undefined);
  }
}
