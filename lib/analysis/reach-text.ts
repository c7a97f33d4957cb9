// The words for each reach reason, and the docker command that changes the answer: what a person reads in the
// reach panel and the matrix. Every command is built with shellCommand, so any name Docker accepts stays one
// word when pasted. Pure.
import type { FixDto, ReasonDto } from "@/lib/api/reach";
import { operands, shellCommand } from "@/lib/api/shell";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import type { Why } from "./reach-rules";

export interface TextContext {
  a: ContainerDto | null;
  b: ContainerDto | null;
  /** The network the route crosses, or the one B is on that A is not. */
  network: NetworkDto | null;
  /** Where the name "a"/"b" runs: its own name, or "the outside". */
  aName: string;
  bName: string;
  /** For fixes: a network A could join to reach the outside (not --internal). */
  outward?: NetworkDto | null;
  /** Where a translated port lands (nat-isolation): the network A would have to join. */
  landing?: NetworkDto | null;
}

function connectFix(network: NetworkDto, container: ContainerDto, text: string): FixDto {
  return {
    text,
    command: shellCommand("docker", "network", "connect", ...operands(network.name, container.name)),
    connect: { engine: network.engine, networkId: network.id, containerId: container.id },
  };
}

/**
 * The words of a rule as iptables-save prints it: a word with anything but letters, digits, _ and - is in double
 * quotes, with " \ and ' escaped by a backslash (xtables_save_string). Its double quotes would let a shell expand
 * $(…) in a comment, so the fix is rebuilt from these words.
 */
export function ruleWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g))
    words.push(m[1] !== undefined ? m[1].replace(/\\(.)/gs, "$1") : (m[2] ?? ""));
  return words;
}

function firewallFix(rules: string | undefined): FixDto | null {
  const first = rules?.split("\n").find((r) => /-j (DROP|REJECT)/.test(r));
  if (!first) return null;
  const [, chain, ...rest] = ruleWords(first);
  return {
    text: "Delete (or narrow) the rule in the engine host's DOCKER-USER chain, as root on that host:",
    command: shellCommand("iptables", "-D", chain ?? "DOCKER-USER", ...rest),
  };
}

/** The fix for an encrypted overlay whose IPsec the kernel refused (reach reasons and findings alike). */
export function ipsecFix(network: string): FixDto {
  return {
    text: "Load the kernel's IPsec support (esp4, xfrm_user, AES-GCM) on every node, or use an overlay without --opt encrypted:",
    command: shellCommand(
      "docker",
      "network",
      "create",
      "--driver",
      "overlay",
      "--attachable",
      ...operands(`${network}-plain`),
    ),
  };
}

/** The fix for service VIPs and the routing mesh on hosts without IPVS. */
export function ipvsFix(service: string): FixDto {
  return {
    text: "Load ip_vs on every node (modprobe ip_vs), or let DNS hand out the tasks' addresses instead:",
    command: shellCommand("docker", "service", "update", "--endpoint-mode", "dnsrr", ...operands(service)),
  };
}

/** One reason in words, with its fix. */
export function reasonText(why: Why, ctx: TextContext): ReasonDto {
  const d = why.data ?? {};
  const { aName: a, bName: b } = ctx;
  const n = ctx.network?.name ?? "the network";
  const say = (text: string, fix: FixDto | null = null): ReasonDto => ({
    code: why.code,
    blocks: why.blocks,
    text,
    fix,
  });
  switch (why.code) {
    case "same-stack":
      return say(
        `${a} and ${b} share one network stack: they reach each other at 127.0.0.1 (localhost), on any port.`,
      );
    case "shares-stack":
      return say(
        d.side === "to"
          ? `${b} runs in ${d.owner}'s network stack (--network container:${d.owner}): reaching ${b} means reaching ${d.owner}'s addresses.`
          : `${a} runs in ${d.owner}'s network stack (--network container:${d.owner}): it has ${d.owner}'s addresses and reaches what ${d.owner} reaches.`,
      );
    case "shared-network":
      return say(
        d.tunnel
          ? `Both are on overlay ${n}: the packet crosses from host ${d.hostA} to ${d.hostB} in a VXLAN tunnel.`
          : `Both are on ${ctx.network?.driver ?? ""} network ${n}: ${a} sends straight to ${b}'s address there.`,
      );
    case "no-shared-network":
      return say(
        `${a} is not on ${n}, and Docker keeps networks apart (its isolation rules drop traffic between two bridges).`,
        ctx.a && ctx.network
          ? connectFix(
              ctx.network,
              ctx.a,
              ctx.a.name === a
                ? `Connect ${a} to ${n}:`
                : `Connect ${ctx.a.name}, whose network stack ${a} uses, to ${n}:`,
            )
          : null,
      );
    case "different-engines":
      return say(
        d.host
          ? `${b} is on another engine's host: whether ${a}'s host can reach it depends on the network between the hosts, which Netatlas does not see.`
          : `${a} and ${b} run on different engines: only an overlay network both are on joins them.`,
      );
    case "not-running": {
      const who = d.side === "from" ? a : b;
      // A container on another's stack starts only once that one runs (Docker refuses otherwise).
      const first = d.owner ?? who;
      return say(
        `${who} is ${d.state}: ${d.side === "from" ? "it sends nothing" : "it has no address to reach"}.`,
        {
          text: d.owner ? `Start ${d.owner} first, then ${who}:` : `Start ${who}:`,
          command: d.owner
            ? `${shellCommand("docker", "start", ...operands(first))} && ${shellCommand("docker", "start", ...operands(who))}`
            : shellCommand("docker", "start", ...operands(who)),
        },
      );
    }
    case "paused":
      return say(
        d.side === "from"
          ? `${a} is paused: its processes are frozen and send nothing.`
          : `${b} is paused: the kernel still answers ping and completes TCP handshakes, but its programs are frozen and answer nothing.`,
        {
          text: `Unpause it:`,
          command: shellCommand("docker", "unpause", ...operands(d.side === "from" ? a : b)),
        },
      );
    case "network-none":
      return say(
        `${d.side === "from" ? a : b} runs with --network none: it has only its loopback interface.`,
        {
          text: `Give it a network (it must leave none first):`,
          command: `${shellCommand("docker", "network", "disconnect", ...operands("none", d.side === "from" ? a : b))} && ${shellCommand("docker", "network", "connect", ...operands(ctx.network?.name ?? "bridge", d.side === "from" ? a : b))}`,
        },
      );
    case "host-stack":
      if (d.side === "to")
        return say(
          `${b} uses the host's own network stack: ${a} reaches it at ${d.address}, an address of the host${d.internal ? " (even from an --internal network, the bridge's own address is the host)" : ""}. Traffic to the host itself is not forwarded, so Docker's isolation and the DOCKER-USER chain do not apply: any port ${b} listens on answers.`,
        );
      if (d.outside)
        return say(`${a} uses the host's own network stack: it goes out wherever the host's routes go.`);
      if (d.published)
        return say(
          `${a} uses the host's own network stack: docker-proxy and Docker's NAT pass the host's port on to ${b}.`,
        );
      return say(
        d.driver
          ? `${a} uses the host's own network stack, which has no route into ${d.driver} network ${n}.`
          : `${a} uses the host's own network stack, which routes to every bridge; Docker's isolation rules only drop traffic between two bridges.`,
      );
    case "icc-off":
      return say(
        `${n} was created with inter-container traffic off (com.docker.network.bridge.enable_icc=false): Docker drops traffic between its containers.`,
        ctx.a && ctx.b
          ? {
              text: `Put ${a} and ${b} on a network where they may talk as well:`,
              command: [
                shellCommand("docker", "network", "create", ...operands(`${n}-talk`)),
                shellCommand("docker", "network", "connect", ...operands(`${n}-talk`, ctx.a.name)),
                shellCommand("docker", "network", "connect", ...operands(`${n}-talk`, ctx.b.name)),
              ].join(" && "),
            }
          : null,
      );
    case "default-bridge-dns":
      return say(
        `${a} and ${b} meet only on the default bridge, which has no DNS: ${a} can use ${b}'s address, not its name${d.link ? ` (except the legacy link ${d.link})` : ""}.`,
        ctx.a && ctx.b
          ? {
              text: "Put both on a user-defined network, where names resolve:",
              command: [
                shellCommand("docker", "network", "create", ...operands(`${a}-${b}`.slice(0, 60))),
                shellCommand(
                  "docker",
                  "network",
                  "connect",
                  ...operands(`${a}-${b}`.slice(0, 60), ctx.a.name),
                ),
                shellCommand(
                  "docker",
                  "network",
                  "connect",
                  ...operands(`${a}-${b}`.slice(0, 60), ctx.b.name),
                ),
              ].join(" && "),
            }
          : null,
      );
    case "firewall":
      if (d.accepted) return say(`The engine host's DOCKER-USER chain accepts it:\n${d.rules}`);
      if (d.chain === "INPUT")
        return say(
          `${d.partial ? "Some of this traffic is" : "It is"} refused by the host's own INPUT chain (traffic to the host itself):\n${d.rules}`,
        );
      return say(
        `${d.partial ? "Some of this traffic is" : "It is"} dropped by the engine host's DOCKER-USER chain (a request or its reply matches):\n${d.rules}`,
        firewallFix(d.rules),
      );
    case "firewall-unknown":
      return say(
        `Docker's own rules allow it, but the host's firewall could not be checked: ${d.why}.${d.rules ? `\n${d.rules}` : ""}`,
      );
    case "bridge-netfilter-off":
      return say(
        "bridge-nf-call-iptables is 0 on this host: traffic within a bridge skips iptables, so DOCKER-USER rules and enable_icc=false have no effect there.",
      );
    case "overlay-peer-missing":
      return say(
        `Overlay ${n} is not set up on both hosts (${d.hostA}, ${d.hostB}): Docker lists only the nodes that have it as its peers.`,
      );
    case "ipsec-missing":
      if (d.installed)
        return say(`${n} is encrypted and IPsec is in place both ways between ${d.hostA} and ${d.hostB}.`);
      return say(
        `${n} is encrypted, but the kernel refused IPsec's security association between ${d.hostA} and ${d.hostB}: the policy Docker installed sends the VXLAN traffic to ESP, which drops it (Docker only logs "Failed adding SA").`,
        ipsecFix(n),
      );
    case "ipsec-unknown":
      return say(
        `${n} is encrypted: whether IPsec is in place between ${d.hostA} and ${d.hostB} could not be read on both hosts.`,
      );
    case "internal":
      return say(
        `${a}'s networks are all --internal: Docker gives them no route out of the host.`,
        ctx.a && ctx.outward
          ? connectFix(
              ctx.outward,
              ctx.a,
              `Connect ${a} to a network that is not internal, e.g. ${ctx.outward.name}:`,
            )
          : null,
      );
    case "masquerade-off":
      return say(
        `${n} does not masquerade (com.docker.network.bridge.enable_ip_masquerade=false): packets leave with ${a}'s own address, and an outside host answers only if something routes that subnet back to this host.`,
      );
    case "not-published":
      return say(
        `${b} publishes no port: nothing outside its host reaches it (unless it is on macvlan/ipvlan).`,
        {
          text: "Publish the port it serves when you run it, e.g.:",
          command: "docker run -p HOSTPORT:CONTAINERPORT …",
        },
      );
    case "loopback-only":
      return say(
        d.inbound
          ? `Published on ${d.bind} only: just the engine's host itself can use it, not another machine.`
          : `Published on ${d.bind} only: the host's loopback, which a container cannot reach.`,
        {
          text: "Publish it on the addresses that should reach it instead, e.g.:",
          command: "docker run -p 0.0.0.0:HOSTPORT:CONTAINERPORT …",
        },
      );
    case "nat-isolation":
      return say(
        `${a} enters the host by a bridge without docker-proxy (masquerade off, or --internal), so Docker translates the port to ${b}'s address ${d.address} on ${d.landing} and then drops the packet between the two bridges.`,
        ctx.a && ctx.landing
          ? connectFix(
              ctx.landing,
              ctx.a,
              `Connect ${ctx.a.name} to ${ctx.landing.name}, and reach ${b} there directly:`,
            )
          : null,
      );
    case "proxied":
      return say(
        d.inbound
          ? `Published on ${d.bind === "0.0.0.0" || d.bind === "::" ? "every address of the host" : d.bind}: from any machine that reaches the host (Docker translates the port to the container).`
          : `${a} reaches the host's address, where docker-proxy listens on the port and passes the connection on to ${b}.`,
      );
    case "hairpin":
      return say(
        `${a} and ${b} are on the same bridge: Docker translates the host's port to ${d.address} and the packet turns back into the bridge.`,
      );
    case "no-gateway":
      return say(`${a} has no gateway: none of its networks gives it a route to the host.`);
    case "macvlan-host":
      return say(
        d.outside
          ? `${a} sits directly on the parent interface's LAN: it goes out through the LAN's router, not through the host.`
          : `${a}'s only networks are macvlan/ipvlan: the kernel does not pass traffic between such an interface and its own host.`,
      );
    case "no-route-out":
      return say(
        d.dest
          ? `The host has no route to ${d.dest}: it only reaches ${d.connected} directly, and has no default route.`
          : `The host has no default route: containers get out only to the networks it is directly on (${d.connected}).`,
      );
    case "outside-unknown":
      return say(`Beyond the host: ${d.why}.`);
    case "driver-unknown":
      return say(`${n} uses the ${d.driver} driver, whose forwarding this model does not know.`);
    case "service-vip":
      if (d.reached !== undefined)
        return {
          code: why.code,
          blocks: true,
          text: `${d.service}'s VIP on ${n} is balanced by IPVS over its ${d.tasks} running tasks, but ${a} reaches only ${d.reached} of them: a connection handed to another goes nowhere.`,
          fix: null,
        };
      if (d.tasks === "mesh")
        return say(
          `${d.service} publishes this port through the swarm's routing mesh: every node accepts it and IPVS hands the connection to one of its tasks (not necessarily ${b}).`,
        );
      return say(
        `${d.service}'s VIP on ${n} is balanced by IPVS over its ${d.tasks ?? "running"} running tasks.`,
      );
    case "ipvs-missing":
      return say(
        `This host's kernel has no IPVS (ip_vs), which Docker needs to balance ${d.service}'s VIP and the routing mesh: connections to them go nowhere (Docker only logs "Could not get ipvs family information").`,
        ipvsFix(d.service ?? "SERVICE"),
      );
    case "no-tasks":
      return say(`${d.service} has no running task: its VIP leads nowhere.`);
    case "host-unseen":
      return say(`The engine's host cannot be seen from this server: ${d.why}.`);
  }
}
