// What the Connect dialog offers, and what Docker would refuse only after the submit: networks no container
// joins with `docker network connect` (host, none, config-only, ingress, an overlay without --attachable),
// the ones the container is already on, containers whose network stack is not their own, and the aliases
// and static addresses the default bridge does not take. Pure.
import { isDefaultBridge } from "@/lib/analysis/stacks";
import type { ContainerDto, EndpointDto, NetworkDto } from "@/lib/api/types";

export const ALREADY_CONNECTED = "already connected";

/** Why no container can join this network with `docker network connect`; null when one can. */
export function networkRefusal(n: NetworkDto): string | null {
  if (n.driver === "host") return "the host's own network stack, which only docker run --network host gives";
  if (n.driver === "null") return "no network at all, which only docker run --network none gives";
  if (n.configOnly) return "config-only, it holds settings for other networks and never containers";
  if (n.ingress) return "the swarm's routing mesh, which only services join";
  if (n.driver === "overlay" && n.scope === "swarm" && !n.attachable)
    return "created without --attachable, so only swarm services join it";
  return null;
}

/** Why Docker connects this container to no other network (its stack is the host's, none, or borrowed). */
export function containerRefusal(c: ContainerDto): string | null {
  if (c.networkMode === "host") return "it uses the host's network stack (--network host)";
  if (c.networkMode === "none") return "it runs with --network none (no networking)";
  if (c.networkMode.startsWith("container:"))
    return "it shares another container's network stack (--network container:…)";
  return null;
}

export interface NetworkChoice {
  network: NetworkDto;
  /** Why it cannot be chosen; null when it can. */
  reason: string | null;
}

/** The engine's networks, each with why it cannot be chosen (for `containerId`, when one is given). */
export function networkChoices(
  networks: NetworkDto[],
  endpoints: EndpointDto[],
  engine: string,
  containerId?: string,
): NetworkChoice[] {
  const joined = new Set(
    containerId ? endpoints.filter((e) => e.containerId === containerId).map((e) => e.networkId) : [],
  );
  return networks
    .filter((n) => n.engine === engine)
    .map((network) => ({
      network,
      reason: networkRefusal(network) ?? (joined.has(network.id) ? ALREADY_CONNECTED : null),
    }));
}

/** Choices left out, grouped by reason, in the order first met: "host, none (…)" reads better than two lines. */
export function leftOut(choices: Array<{ name: string; reason: string | null }>): string[] {
  const byReason = new Map<string, string[]>();
  for (const { name, reason } of choices) {
    if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  }
  return [...byReason].map(([reason, names]) => `${names.join(", ")} (${reason})`);
}

/** What the default bridge refuses that a user-defined network takes, with Docker's own words; null: allowed. */
export interface BridgeLimits {
  aliases: string | null;
  addresses: string | null;
}

export function bridgeLimits(network: NetworkDto | undefined): BridgeLimits {
  if (!network || !isDefaultBridge(network)) return { aliases: null, addresses: null };
  return {
    aliases:
      'No aliases on the default bridge (Docker: "network-scoped alias is supported only for containers in user defined networks"); use a network you created.',
    addresses:
      'No static address on the default bridge (Docker: "user specified IP address is supported on user defined networks only"); use a network you created with --subnet.',
  };
}
