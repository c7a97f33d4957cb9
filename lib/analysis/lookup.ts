// Finding the containers and networks a reach, DNS or findings request names, in the topology the answer is
// computed from (so an object that vanished meanwhile is a clear 404, never a half answer). A reference is a
// full id, a unique id prefix, a name, or "engine/reference"; one found on several engines needs ?engine=. Pure.
import { AppError } from "@/lib/api/errors";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import type { TopologyModel } from "@/lib/topology/model";

function pick<T extends { engine: string; id: string; name: string }>(
  kind: "container" | "network",
  all: readonly T[],
  ref: string,
  engine: string | null,
): T {
  const slash = ref.indexOf("/");
  const onEngine = slash > 0 ? ref.slice(0, slash) : engine;
  const wanted = slash > 0 ? ref.slice(slash + 1) : ref;
  const pool = onEngine ? all.filter((x) => x.engine === onEngine) : all;
  const exact = pool.filter((x) => x.id === wanted || x.name === wanted);
  const found = exact.length > 0 ? exact : pool.filter((x) => wanted.length >= 3 && x.id.startsWith(wanted));
  // An overlay is one network with the same id on several engines: any copy answers for it.
  const distinct =
    kind === "network" ? found.filter((x, i) => found.findIndex((y) => y.id === x.id) === i) : found;
  if (distinct.length === 0)
    throw new AppError(
      "not_found",
      `No ${kind} "${wanted}"${onEngine ? ` on engine ${onEngine}` : ""} (it may have just been removed).`,
    );
  if (distinct.length > 1)
    throw new AppError(
      "ambiguous",
      `"${wanted}" names ${distinct.length} ${kind}s (${distinct
        .map((x) => `${x.name} on ${x.engine}`)
        .slice(0, 5)
        .join(", ")}): add ?engine= or use engine/${wanted}.`,
    );
  return distinct[0] as T;
}

export function findContainerIn(model: TopologyModel, ref: string, engine: string | null): ContainerDto {
  return pick("container", model.containers, ref, engine);
}

export function findNetworkIn(model: TopologyModel, ref: string, engine: string | null): NetworkDto {
  return pick("network", model.networks, ref, engine);
}
