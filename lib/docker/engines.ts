// Reads across every configured engine. One engine down does not hide the others: it is reported in
// `engines` with its error; only when every engine fails does the read fail (503 for unreachable).
import "server-only";
import { AppError } from "@/lib/api/errors";
import type {
  ContainerDetailDto,
  ContainerDto,
  EndpointDto,
  EngineDto,
  HealthDto,
  NetworkDetailDto,
  NetworkDto,
  TopologyDto,
} from "@/lib/api/types";
import { sortSwarm } from "@/lib/topology/build";
import { engineConfig, engineConfigs } from "./client";
import type { EngineConfig } from "./config";
import { DockerError } from "./errors";
import {
  readContainerDetail,
  readContainers,
  readEngine,
  readNetworkDetail,
  readNetworks,
  readSnapshot,
  unreachableEngine,
} from "./read";

interface FanOut<T> {
  values: T[];
  /** Engines that failed, as EngineDto with status "unreachable" and the error. */
  failed: EngineDto[];
}

async function fanOut<T>(fn: (config: EngineConfig) => Promise<T>): Promise<FanOut<T>> {
  const configs = engineConfigs();
  const settled = await Promise.allSettled(configs.map(fn));
  const out: FanOut<T> = { values: [], failed: [] };
  let firstError: unknown = null;
  settled.forEach((result, i) => {
    const config = configs[i] as EngineConfig;
    if (result.status === "fulfilled") {
      out.values.push(result.value);
      return;
    }
    if (!(result.reason instanceof DockerError)) throw result.reason;
    firstError ??= result.reason;
    out.failed.push(unreachableEngine(config, result.reason));
  });
  if (out.values.length === 0 && firstError) throw firstError;
  return out;
}

export async function readHealth(): Promise<HealthDto> {
  const engines = await Promise.all(engineConfigs().map(readEngine));
  const up = engines.filter((e) => e.status === "up").length;
  return { status: up === engines.length ? "ok" : up > 0 ? "degraded" : "down", engines };
}

export async function readTopology(): Promise<TopologyDto> {
  const { values, failed } = await fanOut(readSnapshot);
  return {
    // In id order, as the live store answers: the same state gives the same answer either way.
    engines: [...values.map((s) => s.engine), ...failed].sort((a, b) => a.id.localeCompare(b.id)),
    networks: values.flatMap((s) => s.networks),
    containers: values.flatMap((s) => s.containers),
    endpoints: values.flatMap((s) => s.endpoints),
    // In the live store's order, so a read from Docker and one from the store answer alike.
    ...sortSwarm({
      nodes: values.flatMap((s) => s.nodes),
      services: values.flatMap((s) => s.services),
      tasks: values.flatMap((s) => s.tasks),
    }),
  };
}

export async function readAllNetworks(): Promise<{ networks: NetworkDto[]; failedEngines: EngineDto[] }> {
  const { values, failed } = await fanOut(readNetworks);
  return { networks: values.flat(), failedEngines: failed };
}

export async function readAllContainers(): Promise<{
  containers: ContainerDto[];
  endpoints: EndpointDto[];
  failedEngines: EngineDto[];
}> {
  const { values, failed } = await fanOut(readContainers);
  return {
    containers: values.flatMap((v) => v.containers),
    endpoints: values.flatMap((v) => v.endpoints),
    failedEngines: failed,
  };
}

/**
 * Finds one object by reference on the named engine, or on every engine when none is named:
 * 404 when no engine has it, 409 when several do (then the caller must name the engine).
 */
async function findOne<T>(
  kind: string,
  ref: string,
  engineId: string | null,
  read: (config: EngineConfig, ref: string) => Promise<T>,
): Promise<T> {
  if (engineId) return read(engineConfig(engineId), ref);
  const configs = engineConfigs();
  if (configs.length === 1) return read(configs[0] as EngineConfig, ref);
  const settled = await Promise.allSettled(configs.map((c) => read(c, ref)));
  const found = settled.flatMap((r, i) =>
    r.status === "fulfilled" ? [{ value: r.value, engine: configs[i] }] : [],
  );
  if (found.length === 1) return (found[0] as { value: T }).value;
  if (found.length > 1) {
    const names = found.map((f) => f.engine?.id).join(", ");
    throw new AppError(
      "ambiguous",
      `"${ref}" names a ${kind} on several engines (${names}); add ?engine=<id>.`,
    );
  }
  const errors = settled.map((r) => (r.status === "rejected" ? r.reason : null));
  const other = errors.find((e) => !(e instanceof DockerError && e.code === "not_found"));
  if (other) throw other;
  throw new AppError("not_found", `No ${kind} "${ref}" on any engine.`, (errors[0] as DockerError).detail);
}

export function findNetwork(ref: string, engineId: string | null): Promise<NetworkDetailDto> {
  return findOne("network", ref, engineId, readNetworkDetail);
}

export function findContainer(ref: string, engineId: string | null): Promise<ContainerDetailDto> {
  return findOne("container", ref, engineId, readContainerDetail);
}
