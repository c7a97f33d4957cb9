// One dockerode client per configured engine, with the API version negotiated at first contact
// (min(engine, ours), floor 1.41), and `engineCall`, the one way any Docker call is made: with a timeout,
// and with every failure turned into a DockerError.
import "server-only";
import { setMaxListeners } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Docker from "dockerode";
import { AppError } from "@/lib/api/errors";
import { observeDockerCall } from "@/lib/metrics/metrics";
import { type EngineConfig, parseEngineConfig } from "./config";
import { type DockerError, toDockerError } from "./errors";
import { type EngineGet, makeEngineGet } from "./http-get";
import { sshOptions } from "./ssh-options";
import { compareApiVersions, MAX_API_VERSION, MIN_API_VERSION } from "./versions";

export interface RawVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  Os: string;
  Arch: string;
  KernelVersion?: string;
}

export interface ConnectedEngine {
  config: EngineConfig;
  docker: Docker;
  /** GET on the Engine API at the negotiated version: the read path. */
  get: EngineGet;
  apiVersion: string;
  version: RawVersion;
}

const CALL_TIMEOUT_MS = Number(process.env.NETATLAS_DOCKER_TIMEOUT_MS ?? 10_000);
/**
 * Changes get longer: Docker looks for a network plugin it does not know for about 15 s before answering
 * "plugin not found", and a change cut off by our deadline would leave the user guessing what happened.
 */
export const WRITE_TIMEOUT_MS = Number(process.env.NETATLAS_DOCKER_WRITE_TIMEOUT_MS ?? 30_000);

/** Kept on globalThis so every route bundle in the server shares one set of clients. */
interface Registry {
  configs: EngineConfig[];
  connected: Map<string, Promise<ConnectedEngine>>;
}
const REGISTRY = Symbol.for("netatlas.docker.registry");
type GlobalWithRegistry = typeof globalThis & { [REGISTRY]?: Registry };

function registry(): Registry {
  const g = globalThis as GlobalWithRegistry;
  if (!g[REGISTRY]) g[REGISTRY] = { configs: environmentEngines(), connected: new Map() };
  return g[REGISTRY];
}

/**
 * Replaces the configured engines (engine management, tests). The clients of engines that went or whose
 * configuration changed are dropped; the others keep their negotiated client.
 */
export function setEngineConfigs(configs: EngineConfig[]): void {
  const reg = registry();
  const before = new Map(reg.configs.map((c) => [c.id, JSON.stringify(c)]));
  reg.configs = configs;
  for (const id of before.keys()) {
    const now = configs.find((c) => c.id === id);
    if (!now || JSON.stringify(now) !== before.get(id)) reg.connected.delete(id);
  }
}

const ENV_ENGINES = Symbol.for("netatlas.docker.env-engines");

/** The engines the environment names (NETATLAS_ENGINES, DOCKER_HOST), read once. */
export function environmentEngines(): EngineConfig[] {
  const g = globalThis as GlobalWithRegistry & { [ENV_ENGINES]?: EngineConfig[] };
  g[ENV_ENGINES] ??= parseEngineConfig(process.env);
  return g[ENV_ENGINES];
}

export function engineConfigs(): EngineConfig[] {
  return registry().configs;
}

export function engineConfig(id: string): EngineConfig {
  const config = registry().configs.find((c) => c.id === id);
  if (!config) {
    const known = registry()
      .configs.map((c) => c.id)
      .join(", ");
    throw new AppError("not_found", `No engine "${id}" is configured (known: ${known}).`);
  }
  return config;
}

export function dockerodeOptions(config: EngineConfig, version?: string): Docker.DockerOptions {
  const url = new URL(config.host);
  const base: Docker.DockerOptions = version ? { version: `v${version}` } : {};
  switch (url.protocol) {
    case "unix:":
      return { ...base, socketPath: decodeURIComponent(url.pathname) };
    case "ssh:":
      return {
        ...base,
        protocol: "ssh",
        host: url.hostname,
        port: url.port ? Number(url.port) : 22,
        username: url.username || undefined,
        // The key, and the host key checked against known_hosts on every connection (never blind trust).
        sshOptions: sshOptions(config),
      };
    default: {
      if (config.tlsVerify && !config.certPath) {
        throw new AppError(
          "bad_request",
          `Engine "${config.id}" asks for TLS but names no certificate folder.`,
        );
      }
      const tls = config.tlsVerify && config.certPath;
      const options: Docker.DockerOptions = {
        ...base,
        protocol: tls || url.protocol === "https:" ? "https" : "http",
        host: url.hostname,
        port: url.port ? Number(url.port) : tls ? 2376 : 2375,
      };
      if (tls && config.certPath) {
        options.ca = readFileSync(join(config.certPath, "ca.pem"));
        // No client certificate is a choice an engine may refuse (and then says so), not ours to make.
        const cert = join(config.certPath, "cert.pem");
        const key = join(config.certPath, "key.pem");
        if (existsSync(cert) && existsSync(key)) {
          options.cert = readFileSync(cert);
          options.key = readFileSync(key);
        }
      }
      return options;
    }
  }
}

/** A deadline for one read: every Docker call made under it is aborted when it passes. */
export function deadline(timeoutMs = CALL_TIMEOUT_MS): AbortSignal {
  const signal = AbortSignal.timeout(timeoutMs);
  // One read shares its deadline among all its calls (inspects, swarm lists, overlay peers: more than Node's
  // default of 10 listeners before it warns of a leak, which this is not).
  setMaxListeners(64, signal);
  return signal;
}

/**
 * Runs one Docker call under a deadline (its own, or the read's it is part of); any failure becomes a
 * DockerError naming the engine and the action. An engine that turns out unreachable is forgotten, so the
 * next call negotiates again (it may have restarted as another version).
 */
export async function engineCall<T>(
  config: EngineConfig,
  action: string,
  fn: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal = deadline(),
): Promise<T> {
  const started = performance.now();
  try {
    const result = await fn(signal);
    observeDockerCall(config.id, action, (performance.now() - started) / 1000, true);
    return result;
  } catch (err) {
    observeDockerCall(config.id, action, (performance.now() - started) / 1000, false);
    const timedOut = signal.aborted;
    const error: DockerError = toDockerError(err, {
      engine: config.id,
      host: config.host,
      action,
      timedOut,
      tls: config.tlsVerify,
    });
    if (error.code === "engine_unreachable" || error.code === "timeout") forget(config.id);
    throw error;
  }
}

function forget(id: string): void {
  registry().connected.delete(id);
}

/** The engine's client, negotiating the API version on first use. */
export function connect(config: EngineConfig): Promise<ConnectedEngine> {
  const reg = registry();
  let pending = reg.connected.get(config.id);
  if (!pending) {
    pending = negotiate(config);
    reg.connected.set(config.id, pending);
    pending.catch(() => forget(config.id));
  }
  return pending;
}

/** A client for an engine that is not (or not yet) configured, not kept: a connection test. */
export function connectOnce(config: EngineConfig): Promise<ConnectedEngine> {
  return negotiate(config);
}

async function negotiate(config: EngineConfig): Promise<ConnectedEngine> {
  const unversioned = dockerodeOptions(config);
  const get = makeEngineGet(unversioned, null);
  const version = (await engineCall(config, "read the engine version", (signal) =>
    get("/version", signal),
  )) as RawVersion;
  if (compareApiVersions(version.ApiVersion, MIN_API_VERSION) < 0) {
    throw toDockerError(
      {
        statusCode: 400,
        json: { message: `engine API ${version.ApiVersion} is older than ${MIN_API_VERSION}` },
      },
      { engine: config.id, host: config.host, action: "use this engine (Docker 20.10 or newer is needed)" },
    );
  }
  const apiVersion =
    compareApiVersions(version.ApiVersion, MAX_API_VERSION) < 0 ? version.ApiVersion : MAX_API_VERSION;
  const options = dockerodeOptions(config, apiVersion);
  const docker = new Docker(options);
  return { config, docker, get: makeEngineGet(options, apiVersion), apiVersion, version };
}
