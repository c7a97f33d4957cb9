// The command behind each map element that is not a plain network, container or endpoint: what a person types to
// see the same thing (swarm objects, VXLAN tunnels, the Linux layer's devices, tier bands). Pure. Every word goes
// through shellCommand: service, node, network and interface names are whatever Docker or the kernel accepted.
import { operands, shellCommand } from "@/lib/api/shell";
import type { GraphEdge, GraphNode, TopologyModel } from "@/lib/topology/model";

type Element = GraphNode | GraphEdge;

export function commandFor(element: Element, model: TopologyModel): string | null {
  const service = model.services.find((s) => s.id === element.id.split(":")[2]);
  const task = model.tasks.find((t) => t.id === element.id.split(":")[2]);
  const taskService = model.services.find((s) => s.id === task?.serviceId);
  const node = model.nodes.find((n) => n.id === element.id.split(":")[2]);
  switch (element.kind) {
    case "service":
      return service
        ? `${shellCommand("docker", "service", "inspect", ...operands(service.name))} && ${shellCommand("docker", "service", "ps", ...operands(service.name))}`
        : null;
    case "task":
      return taskService
        ? `${shellCommand("docker", "service", "ps", ...operands(taskService.name))}   # on a manager`
        : null;
    case "engine":
      return node
        ? `${shellCommand("docker", "node", "inspect", ...operands(node.hostname))}   # on a manager`
        : null;
    case "tunnel": {
      const network = model.networks.find((n) => element.id.startsWith(`tunnel:${n.id}:`));
      return network
        ? `${shellCommand("docker", "network", "inspect", "--format", "{{json .Options}} {{json .Peers}}", ...operands(network.name))}\n` +
            `${shellCommand("nsenter", `--net=/var/run/docker/netns/1-${network.id.slice(0, 10)}`, "ip", "-d", "link", "show", "type", "vxlan")}   # on each host`
        : null;
    }
    case "iface":
    case "veth":
    case "link":
    case "bridge":
    case "parent":
    case "stack": {
      // Linux-layer labels are the interface names themselves.
      const name = "label" in element ? element.label : "";
      // `dev NAME`: an interface name may start with "-", which ip would read as an option.
      const dev = name && element.kind !== "link" ? ["dev", name] : [];
      return element.kind === "iface"
        ? `${shellCommand("docker", "exec", "CONTAINER", "ip", "-d", "link", "show", ...dev)}   # or nsenter -t PID -n ip -d link`
        : `${shellCommand("ip", "-d", "link", "show", ...dev)}   # in the engine host's network namespace`;
    }
    case "group": {
      // ref is what the group is made of: a Compose service, a swarm service, or a set of networks.
      const ref = "ref" in element ? element.ref : "";
      const compose = ref.match(/^compose:(.+)\/([^/]+)$/s);
      if (compose)
        return shellCommand(
          "docker",
          "ps",
          "-a",
          "--filter",
          `label=com.docker.compose.project=${compose[1]}`,
          "--filter",
          `label=com.docker.compose.service=${compose[2]}`,
        );
      const swarm = ref.match(/^swarm:(.+)$/s);
      if (swarm)
        return `${shellCommand("docker", "service", "ps", ...operands(swarm[1] ?? ""))}   # on a manager`;
      const nets = ref.match(/^nets:([^|]+)$/)?.[1]?.split(",") ?? [];
      return nets.length === 1 ? shellCommand("docker", "ps", "-a", "--filter", `network=${nets[0]}`) : null;
    }
    case "tier":
    case "tier-summary":
      return `${shellCommand("docker", "network", "ls", "--filter", "label=netatlas.tier")}   # a label sets a tier; see the legend for the rules`;
    case "published":
    case "outside":
      return shellCommand("docker", "ps", "--format", "{{.Names}}\\t{{.Ports}}");
    default:
      return null;
  }
}
