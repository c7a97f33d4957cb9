// The only Docker operations that change anything, each a fixed call with checked arguments: nothing from a
// request is passed through to the Docker socket. Refusals that do not need Docker (system networks) are
// answered before it is called.
import "server-only";
import type Docker from "dockerode";
import { AppError } from "@/lib/api/errors";
import type { ConnectBody, CreateNetworkBody, DisconnectBody, RemovalReport } from "@/lib/api/networks";
import type { EndpointDto, FieldProblem, NetworkDto } from "@/lib/api/types";
import { connect, deadline, engineCall, engineConfig, engineConfigs, WRITE_TIMEOUT_MS } from "./client";
import type { EngineConfig } from "./config";
import { DockerError } from "./errors";
import { mapNetwork, SYSTEM_NETWORK_NAMES } from "./map";
import type { RawNetwork } from "./raw";
import { readContainerDetail, readNetworkDetail, readNetworks } from "./read";

/** The engine a change is for: the one named, or the only one configured. */
export function targetEngine(id: string | null | undefined): EngineConfig {
  if (id) return engineConfig(id);
  const all = engineConfigs();
  if (all.length === 1) return all[0] as EngineConfig;
  throw new AppError(
    "bad_request",
    `Several engines are configured (${all.map((c) => c.id).join(", ")}); say which one with "engine".`,
  );
}

async function inspectNetwork(config: EngineConfig, ref: string): Promise<RawNetwork> {
  const engine = await connect(config);
  return engineCall(config, `inspect network ${ref}`, (signal) =>
    engine.get(`/networks/${encodeURIComponent(ref)}`, signal),
  ) as Promise<RawNetwork>;
}

const holder = globalThis as typeof globalThis & { __netatlasCreateLocks?: Map<string, Promise<unknown>> };

/**
 * Runs creates on one engine one after another. Docker before 25 (API 1.41–1.43) treats CheckDuplicate as
 * best effort: two creates of one name at once both succeed. Serialised, the name check below holds for
 * everything this server does (the CLI or another tool racing us is still up to Docker).
 */
function oneAtATime<T>(engineId: string, fn: () => Promise<T>): Promise<T> {
  holder.__netatlasCreateLocks ??= new Map();
  const locks = holder.__netatlasCreateLocks;
  const previous = locks.get(engineId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  locks.set(engineId, tail);
  void tail.then(() => {
    if (locks.get(engineId) === tail) locks.delete(engineId);
  });
  return run;
}

function refuseTakenName(config: EngineConfig, name: string, existing: NetworkDto[]): void {
  const same = existing.find((n) => n.name === name);
  if (same) {
    throw new AppError(
      "conflict",
      `A network named "${name}" already exists on engine "${config.id}" (${same.id.slice(0, 12)}).`,
      null,
      { engine: config.id },
    );
  }
}

/** The caller's checks of a create against the engine's networks as they are now; [] to go ahead. */
export type CreateCheck = (body: CreateNetworkBody, existing: NetworkDto[]) => FieldProblem[];

/**
 * Creates a network after a taken-name check (409) and the caller's checks (every problem by field, 400),
 * one create per engine at a time, so both hold when Docker is asked.
 */
export function createNetwork(
  config: EngineConfig,
  body: CreateNetworkBody,
  check: CreateCheck,
): Promise<NetworkDto> {
  return oneAtATime(config.id, async () => {
    // One listing serves both checks.
    const existing = await readNetworks(config);
    refuseTakenName(config, body.name, existing);
    const problems = check(body, existing);
    if (problems.length) {
      throw new AppError(
        "bad_request",
        `The network cannot be created as asked: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
        null,
        { fields: problems, engine: config.id },
      );
    }
    return createUnchecked(config, body);
  });
}

/** The Engine API's create body for our request (every option `docker network create` has). */
function createSpec(body: CreateNetworkBody) {
  return {
    Name: body.name,
    Driver: body.driver,
    ...(body.scope ? { Scope: body.scope } : {}),
    Internal: body.internal,
    Attachable: body.attachable,
    Ingress: body.ingress,
    EnableIPv6: body.ipv6,
    ConfigOnly: body.configOnly,
    ...(body.configFrom ? { ConfigFrom: { Network: body.configFrom } } : {}),
    IPAM: {
      Driver: body.ipamDriver,
      Options: body.ipamOptions,
      Config: body.pools.map((p) => ({
        Subnet: p.subnet,
        ...(p.ipRange ? { IPRange: p.ipRange } : {}),
        ...(p.gateway ? { Gateway: p.gateway } : {}),
        ...(Object.keys(p.auxAddresses).length ? { AuxiliaryAddresses: p.auxAddresses } : {}),
      })),
    },
    Options: body.options,
    Labels: body.labels,
    CheckDuplicate: true,
  };
}

async function createUnchecked(config: EngineConfig, body: CreateNetworkBody): Promise<NetworkDto> {
  try {
    return await createCall(config, body);
  } catch (err) {
    // On create, Docker's 403 is a clash with what exists (a pool overlapping another, no free pool left,
    // a second ingress): a conflict, with Docker's words kept.
    if (err instanceof DockerError && err.code === "forbidden") {
      throw new DockerError("conflict", err.message, err.detail, config.id);
    }
    throw err;
  }
}

async function createCall(config: EngineConfig, body: CreateNetworkBody): Promise<NetworkDto> {
  const engine = await connect(config);
  const created = (await engineCall(
    config,
    `create network ${body.name}`,
    (signal) =>
      engine.docker.createNetwork({ ...createSpec(body), abortSignal: signal } as Parameters<
        typeof engine.docker.createNetwork
      >[0]),
    deadline(WRITE_TIMEOUT_MS),
  )) as { id: string };
  return mapNetwork(config.id, await inspectNetwork(config, created.id));
}

/**
 * Removes a network by id or name. Docker's own networks are refused without asking Docker; a network with
 * containers on it is a 409 naming them (Docker would answer 403 "has active endpoints").
 */
export async function removeNetwork(config: EngineConfig, ref: string): Promise<NetworkDto> {
  const { network, containers } = await readNetworkDetail(config, ref);
  if (SYSTEM_NETWORK_NAMES.has(network.name)) {
    throw new AppError(
      "forbidden",
      `"${network.name}" is one of Docker's own networks and cannot be removed.`,
      null,
      {
        engine: config.id,
      },
    );
  }
  if (containers.length) {
    const names = containers.map((c) => c.name);
    throw new AppError(
      "conflict",
      `Network "${network.name}" is in use by ${names.length} container${names.length === 1 ? "" : "s"} (${names.join(", ")}); disconnect ${names.length === 1 ? "it" : "them"} first.`,
      null,
      { engine: config.id },
    );
  }
  const engine = await connect(config);
  await engineCall(
    config,
    `remove network ${network.name}`,
    (signal) => engine.docker.getNetwork(network.id).remove({ abortSignal: signal }),
    deadline(WRITE_TIMEOUT_MS),
  );
  return network;
}

/** Removes several networks one by one; each ends on its own (a bulk action reports per item). */
export async function removeNetworks(
  config: EngineConfig,
  refs: string[],
  removeOne: (ref: string) => Promise<NetworkDto> = (ref) => removeNetwork(config, ref),
): Promise<RemovalReport[]> {
  const reports: RemovalReport[] = [];
  for (const ref of refs) {
    try {
      const gone = await removeOne(ref);
      reports.push({ ref, name: gone.name, result: "removed", error: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      reports.push({ ref, name: null, result: "failed", error: err.toJSON() });
    }
  }
  return reports;
}

export type ConnectCheck = (
  body: ConnectBody,
  network: NetworkDto,
  endpoints: EndpointDto[],
  containerName: (id: string) => string,
) => FieldProblem[];

/**
 * Connects a container to a network with aliases, static addresses and links. Already connected is a clear
 * 409 before Docker is asked; the caller's checks (addresses in a pool, not taken) are 400 by field.
 */
export async function connectContainer(
  config: EngineConfig,
  networkRef: string,
  body: ConnectBody,
  check: ConnectCheck,
): Promise<{ network: NetworkDto; container: string }> {
  const detail = await readNetworkDetail(config, networkRef);
  const target = await readContainerDetail(config, body.container);
  const { network } = detail;
  if (target.endpoints.some((e) => e.networkId === network.id)) {
    throw new AppError(
      "conflict",
      `${target.container.name} is already connected to ${network.name}.`,
      null,
      {
        engine: config.id,
      },
    );
  }
  const nameOf = (id: string) => detail.containers.find((c) => c.id === id)?.name ?? id.slice(0, 12);
  const problems = check(body, network, detail.endpoints, nameOf);
  if (problems.length) {
    throw new AppError(
      "bad_request",
      `${target.container.name} cannot be connected as asked: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
      null,
      { fields: problems, engine: config.id },
    );
  }
  const engine = await connect(config);
  const ipam =
    body.ipv4 || body.ipv6 || body.linkLocalIps.length
      ? {
          IPAMConfig: {
            ...(body.ipv4 ? { IPv4Address: body.ipv4 } : {}),
            ...(body.ipv6 ? { IPv6Address: body.ipv6 } : {}),
            ...(body.linkLocalIps.length ? { LinkLocalIPs: body.linkLocalIps } : {}),
          },
        }
      : {};
  await engineCall(
    config,
    `connect ${target.container.name} to ${network.name}`,
    (signal) =>
      engine.docker.getNetwork(network.id).connect({
        Container: target.container.id,
        EndpointConfig: {
          ...ipam,
          ...(body.aliases.length ? { Aliases: body.aliases } : {}),
          ...(body.links.length ? { Links: body.links } : {}),
        },
        abortSignal: signal,
      } as Parameters<Docker.Network["connect"]>[0]),
    deadline(WRITE_TIMEOUT_MS),
  );
  return { network, container: target.container.name };
}

/**
 * Disconnects a container. One that is not connected is a clear 409 here: some Docker versions answer 500.
 */
export async function disconnectContainer(
  config: EngineConfig,
  networkRef: string,
  body: DisconnectBody,
): Promise<{ network: NetworkDto; container: string }> {
  const { network } = await readNetworkDetail(config, networkRef);
  const target = await readContainerDetail(config, body.container);
  if (!target.endpoints.some((e) => e.networkId === network.id) && !body.force) {
    throw new AppError("conflict", `${target.container.name} is not connected to ${network.name}.`, null, {
      engine: config.id,
    });
  }
  const engine = await connect(config);
  await engineCall(
    config,
    `disconnect ${target.container.name} from ${network.name}`,
    (signal) =>
      engine.docker.getNetwork(network.id).disconnect({
        Container: target.container.id,
        Force: body.force,
        abortSignal: signal,
      } as Parameters<Docker.Network["disconnect"]>[0]),
    deadline(WRITE_TIMEOUT_MS),
  );
  return { network, container: target.container.name };
}
