// The fixes that findings and reach reasons show as commands to copy: for every hostile network, container, image,
// bridge or rule text, each command is run in /bin/sh with the tools replaced by printers (lib/testing/shell-run.ts)
// and must give back exactly the words it was built from (names behind `--` when one starts with "-"), with
// nothing else run, no file written, nothing said on stderr.
import { describe, expect, it } from "vitest";
import type { FindingDto, FindingKind } from "@/lib/api/reach";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { hostFacts, indexOf, iptablesSave } from "@/lib/testing/reach-situations";
import { HOSTILE_NAMES, expectedOperands as ops, runShown } from "@/lib/testing/shell-run";
import {
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { inferTiers } from "@/lib/topology/tiers";
import { findings } from "./findings";
import type { Why } from "./reach-rules";
import { ipsecFix, ipvsFix, reasonText, ruleWords, type TextContext } from "./reach-text";

/** The calls a shown command makes when pasted, after checking that it made nothing else happen. */
function pasted(command: string | null | undefined): string[][] {
  expect(command).toBeTruthy();
  const run = runShown(command ?? "");
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.leftovers).toEqual([]);
  return run.calls;
}

const subnet = (cidr: string) => ({
  driver: "default",
  config: [{ subnet: cidr, gateway: cidr.replace(/0\/\d+$/, "1"), ipRange: null, auxAddresses: {} }],
  options: {},
});

function built(networks: NetworkDto[], attached: Array<[ContainerDto, ...Array<[NetworkDto, string]>]>) {
  return topologyOf({
    engines: [engineDto()],
    networks,
    containers: attached.map(([c]) => c),
    endpoints: attached.flatMap(([c, ...on]) =>
      on.map(([n, address]) =>
        endpointDto(c, n, { ipv4Address: address, aliases: null, dnsNames: [c.name.toLowerCase()] }),
      ),
    ),
  });
}

const one = (list: FindingDto[], kind: FindingKind): FindingDto => {
  const found = list.filter((f) => f.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as FindingDto;
};

describe.each(HOSTILE_NAMES)("findings' fixes with the name %j", (name) => {
  it("unresolved-name: docker network connect", () => {
    const front = networkDto({ name: "front", ipam: subnet("172.21.0.0/16") });
    const data = networkDto({ name, ipam: subnet("172.22.0.0/16") });
    const web = containerDto({ name: "web", namesUsed: ["db"] });
    const db = containerDto({ name: "db" });
    const topology = built(
      [front, data],
      [
        [web, [front, "172.21.0.2/16"]],
        [db, [data, "172.22.0.2/16"]],
      ],
    );
    const fix = one(findings(indexOf(topology)).findings, "unresolved-name").fix;
    expect(pasted(fix?.command)).toEqual([["docker", "network", "connect", ...ops(name, "web")]]);
  });

  it("default-bridge-by-name: docker network create and connect, named after the container", () => {
    const bridge = networkDto({
      name: "bridge",
      ipam: subnet("172.17.0.0/16"),
      options: { "com.docker.network.bridge.default_bridge": "true" },
    });
    const a = containerDto({ name, namesUsed: ["b"] });
    const b = containerDto({ name: "b" });
    const fix = one(
      findings(
        indexOf(
          built(
            [bridge],
            [
              [a, [bridge, "172.17.0.2/16"]],
              [b, [bridge, "172.17.0.3/16"]],
            ],
          ),
        ),
      ).findings,
      "default-bridge-by-name",
    ).fix;
    expect(pasted(fix?.command)).toEqual([
      ["docker", "network", "create", ...ops(`${name}-net`)],
      ["docker", "network", "connect", ...ops(`${name}-net`, name)],
      ["docker", "network", "connect", ...ops(`${name}-net`, "b")],
    ]);
  });

  it("alias-mixed-images: docker network disconnect, then connect keeping the other aliases", () => {
    const app = networkDto({ name, ipam: subnet("172.23.0.0/16") });
    const x = containerDto({ name: "x", image: "nginx:1.27" });
    const y = containerDto({ name: "y", image: "redis:7" });
    const topology = topologyOf({
      engines: [engineDto()],
      networks: [app],
      containers: [x, y],
      endpoints: [
        endpointDto(x, app, { ipv4Address: "172.23.0.2/16", aliases: ["shared"], dnsNames: ["x", "shared"] }),
        endpointDto(y, app, {
          ipv4Address: "172.23.0.3/16",
          aliases: ["shared", "kv"],
          dnsNames: ["y", "shared", "kv"],
        }),
      ],
    });
    const fix = one(findings(indexOf(topology)).findings, "alias-mixed-images").fix;
    expect(pasted(fix?.command)).toEqual([
      ["docker", "network", "disconnect", ...ops(name, "x")],
      ["docker", "network", "connect", ...ops(name, "x")],
    ]);
  });

  it("overlapping-subnets: docker network create --subnet", () => {
    // Both hostile (the fix recreates whichever comes second), both starting like the name.
    const a = networkDto({ name, ipam: subnet("172.24.0.0/16") });
    const b = networkDto({ name: `${name}.2`, ipam: subnet("172.24.0.0/16") });
    const fix = one(findings(indexOf(built([a, b], []))).findings, "overlapping-subnets").fix;
    const [call, ...more] = pasted(fix?.command);
    expect(more).toEqual([]);
    expect(call?.slice(0, 5)).toEqual(["docker", "network", "create", "--subnet", "10.99.0.0/24"]);
    expect([ops(`${name}-new`), ops(`${name}.2-new`)]).toContainEqual(call?.slice(5));
  });

  it("host-network and privileged: docker run with the image (and … for the rest)", () => {
    const image = name;
    const hoster = containerDto({ name: "hoster", image, networkMode: "host", privileged: true });
    const list = findings(indexOf(built([], [[hoster]])), new Map()).findings;
    expect(pasted(one(list, "host-network").fix?.command)).toEqual([
      ["docker", "run", "--network", "NETWORK", "-p", "PORT:PORT", ...ops(image)],
    ]);
    expect(pasted(one(list, "privileged").fix?.command)).toEqual([["docker", "run", ...ops(image), "…"]]);
    const caps = findings(
      indexOf(built([], [[containerDto({ name: "c", image, capAdd: ["NET_ADMIN"] })]])),
    ).findings;
    expect(pasted(one(caps, "privileged").fix?.command)).toEqual([
      ["docker", "run", "--cap-drop", "NET_ADMIN", ...ops(image), "…"],
    ]);
  });

  it("tier-crossing: docker network disconnect", () => {
    const data = networkDto({ name, ipam: subnet("172.25.0.0/16") });
    const api = containerDto({ name: "api", labels: { "netatlas.tier": "public" } });
    const db = containerDto({ name: "db", labels: { "netatlas.tier": "data" } });
    const ix = indexOf(
      built(
        [data],
        [
          [api, [data, "172.25.0.2/16"]],
          [db, [data, "172.25.0.3/16"]],
        ],
      ),
      [hostFacts("local")],
    );
    const fix = one(
      findings(ix, inferTiers(ix.model, { labelKey: "netatlas.tier" })).findings,
      "tier-crossing",
    ).fix;
    expect(pasted(fix?.command)).toEqual([["docker", "network", "disconnect", ...ops(name, "api")]]);
  });

  it("internal-reaches-host: iptables -I INPUT -i <the bridge's name>", () => {
    const data = networkDto({
      name: "data",
      internal: true,
      ipam: subnet("172.26.0.0/16"),
      options: { "com.docker.network.bridge.name": name },
    });
    const member = containerDto({ name: "member" });
    const hoster = containerDto({ name: "hoster", networkMode: "host" });
    const fix = one(
      findings(indexOf(built([data], [[member, [data, "172.26.0.2/16"]], [hoster]]))).findings,
      "internal-reaches-host",
    ).fix;
    expect(pasted(fix?.command)).toEqual([["iptables", "-I", "INPUT", "-i", name, "-j", "DROP"]]);
  });
});

const why = (code: Why["code"], data: Record<string, string> = {}): Why => ({ code, blocks: true, data });

describe.each(HOSTILE_NAMES)("reach reasons' fixes with the name %j", (name) => {
  const net = networkDto({ name, ipam: subnet("172.27.0.0/16") });
  const a = containerDto({ name: `${name}a` });
  const b = containerDto({ name: `${name}b` });
  const ctx: TextContext = { a, b, network: net, aName: a.name, bName: b.name, outward: net, landing: net };
  const fixOf = (w: Why) => reasonText(w, ctx).fix?.command;

  it("not-running, paused, network-none: docker start, unpause, disconnect none and connect", () => {
    expect(pasted(fixOf(why("not-running", { side: "from", state: "exited" })))).toEqual([
      ["docker", "start", ...ops(a.name)],
    ]);
    expect(pasted(fixOf(why("not-running", { side: "to", state: "exited", owner: name })))).toEqual([
      ["docker", "start", ...ops(name)],
      ["docker", "start", ...ops(b.name)],
    ]);
    expect(pasted(fixOf(why("paused", { side: "to" })))).toEqual([["docker", "unpause", ...ops(b.name)]]);
    expect(pasted(fixOf(why("network-none", { side: "from" })))).toEqual([
      ["docker", "network", "disconnect", ...ops("none", a.name)],
      ["docker", "network", "connect", ...ops(name, a.name)],
    ]);
  });

  it("icc-off and default-bridge-dns: a network of their own, created and joined", () => {
    expect(pasted(fixOf(why("icc-off")))).toEqual([
      ["docker", "network", "create", ...ops(`${name}-talk`)],
      ["docker", "network", "connect", ...ops(`${name}-talk`, a.name)],
      ["docker", "network", "connect", ...ops(`${name}-talk`, b.name)],
    ]);
    const pair = `${a.name}-${b.name}`.slice(0, 60);
    expect(pasted(fixOf(why("default-bridge-dns")))).toEqual([
      ["docker", "network", "create", ...ops(pair)],
      ["docker", "network", "connect", ...ops(pair, a.name)],
      ["docker", "network", "connect", ...ops(pair, b.name)],
    ]);
  });

  it("internal and nat-isolation: docker network connect", () => {
    expect(pasted(fixOf(why("internal")))).toEqual([["docker", "network", "connect", ...ops(name, a.name)]]);
    expect(pasted(fixOf(why("nat-isolation", { address: "172.27.0.3", landing: name })))).toEqual([
      ["docker", "network", "connect", ...ops(name, a.name)],
    ]);
  });

  it("ipsec and ipvs: docker network create, docker service update", () => {
    expect(pasted(ipsecFix(name).command)).toEqual([
      ["docker", "network", "create", "--driver", "overlay", "--attachable", ...ops(`${name}-plain`)],
    ]);
    expect(pasted(ipvsFix(name).command)).toEqual([
      ["docker", "service", "update", "--endpoint-mode", "dnsrr", ...ops(name)],
    ]);
  });

  it("firewall: iptables -D with the rule's own words, its comment included", () => {
    // How iptables-save prints a comment: in double quotes, with " \ and ' escaped by a backslash. A line break
    // would split the rule in the saved text, which is read line by line: no rule carries one.
    if (name.includes("\n")) return;
    // How iptables-save prints a comment: in double quotes, with " \ and ' escaped by a backslash.
    const saved = `"${name.replace(/["\\']/g, (ch) => `\\${ch}`)}"`;
    const rule = `-A DOCKER-USER -s 172.27.0.2/32 -m comment --comment ${saved} -j DROP`;
    expect(ruleWords(rule)).toEqual([
      "-A",
      "DOCKER-USER",
      "-s",
      "172.27.0.2/32",
      "-m",
      "comment",
      "--comment",
      name,
      "-j",
      "DROP",
    ]);
    expect(pasted(fixOf(why("firewall", { rules: rule })))).toEqual([
      [
        "iptables",
        "-D",
        "DOCKER-USER",
        "-s",
        "172.27.0.2/32",
        "-m",
        "comment",
        "--comment",
        name,
        "-j",
        "DROP",
      ],
    ]);
  });
});

describe("the firewall fix", () => {
  it("keeps a plain rule as iptables-save printed it, after iptables -D", () => {
    const rule =
      "-A DOCKER-USER -s 172.21.0.2/32 ! -d 172.21.0.3/32 -p tcp -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable";
    const ctx: TextContext = { a: null, b: null, network: null, aName: "a", bName: "b" };
    const command = reasonText(why("firewall", { rules: rule }), ctx).fix?.command;
    expect(pasted(command)).toEqual([["iptables", "-D", ...ruleWords(rule).slice(1)]]);
    expect(iptablesSave({ dockerUser: [rule.slice("-A DOCKER-USER ".length)] })).toContain(rule);
  });
});
