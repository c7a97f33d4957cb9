// GET /api/hosts against a real lab engine (run for Docker 26.1 and 20.10): for every running endpoint of the
// containers this test creates (default bridge, one network, two networks, macvlan on the lab host's eth0), the
// container-side interface and its host-side veth, bridge, state and MTU equal what `ip -j link` says inside the
// container's and the engine's network namespaces; a --network host container is on the host stack. An engine
// whose host cannot be seen is answered with `unavailable` and why, with 200.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getHosts } from "@/app/api/hosts/route";
import type { HostLayerDto, HostsDto } from "@/lib/api/hosts";
import type { ApiErrorBody } from "@/lib/api/types";
import { engineConfigs, setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, inspect, labDockerHost, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, useIdentities } from "@/lib/testing/routes";

interface IpLinkJson {
  ifindex: number;
  ifname: string;
  link_index?: number;
  master?: string;
  mtu: number;
  operstate: string;
  address?: string;
}

interface RawContainer {
  Id: string;
  State: { Pid: number; Running: boolean };
  NetworkSettings: { Networks: Record<string, { NetworkID: string; MacAddress: string }> };
}

const ip = (args: string[]): IpLinkJson[] =>
  JSON.parse(
    execFileSync(args[0] as string, args.slice(1), { encoding: "utf8", timeout: 10_000 }),
  ) as IpLinkJson[];

let t: TestObjects;
let ids: TestIdentities;
let slot: string;
let hostNetns: string;
let layer: HostLayerDto;
const made: Record<string, string> = {};
const nets: Record<string, string> = {};
let bridgeName: string;

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  slot = /^unix:\/\/\/run\/netatlas-lab\/([^/]+)\/docker\.sock$/.exec(labDockerHost())?.[1] ?? "";
  hostNetns = `/var/run/netns/netatlas-${slot}`;
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
  // A Linux interface name has at most 15 characters: "nal-" and the run id.
  bridgeName = `nal-${t.prefix.split("-")[1]}`;
  nets.front = t.network("front", ["--subnet", "10.153.1.0/24"]);
  nets.named = t.network("named", [
    "--subnet",
    "10.153.2.0/24",
    "-o",
    `com.docker.network.bridge.name=${bridgeName}`,
    "-o",
    "com.docker.network.driver.mtu=1400",
  ]);
  nets.mac = t.network("mac", ["-d", "macvlan", "--subnet", "10.153.3.0/24", "-o", "parent=eth0"]);
  made.plain = t.run("plain", []);
  made.one = t.run("one", ["--network", nets.front]);
  made.two = t.run("two", ["--network", nets.front]);
  docker(["network", "connect", nets.named, made.two]);
  made.mv = t.run("mv", ["--network", nets.mac]);
  made.hostnet = t.run("hostnet", ["--network", "host"]);
  made.stopped = t.run("stopped", ["--network", nets.front]);
  docker(["stop", "-t", "0", made.stopped]);
  const answer = await call<HostsDto>(getHosts, "/api/hosts");
  expect(answer.status).toBe(200);
  const found = answer.body.hosts.find((h) => h.engine === "local");
  if (!found) throw new Error(`no host layer for engine local: ${JSON.stringify(answer.body)}`);
  layer = found;
}, 120_000);

afterAll(() => {
  t?.cleanup();
  ids?.cleanup();
});

describe("GET /api/hosts on a lab engine", () => {
  it("reads the engine's namespace", () => {
    expect(layer).toMatchObject({ unavailable: null, source: `network namespace netatlas-${slot}` });
    expect(Number.isNaN(Date.parse(layer.readAt))).toBe(false);
  });

  it("matches every running endpoint to the interface and veth that ip shows in both namespaces", () => {
    const hostLinks = ip(["nsenter", `--net=${hostNetns}`, "ip", "-j", "link", "show"]);
    let checked = 0;
    for (const suffix of ["plain", "one", "two", "mv"]) {
      const raw = inspect<RawContainer>("container", made[suffix] as string);
      const inside = ip(["nsenter", "-t", String(raw.State.Pid), "-n", "ip", "-j", "link", "show"]);
      for (const [name, settings] of Object.entries(raw.NetworkSettings.Networks)) {
        const e = layer.endpoints.find((x) => x.containerId === raw.Id && x.networkId === settings.NetworkID);
        expect(e, `${suffix} on ${name}`).toBeDefined();
        if (!e) continue;
        const iface = inside.find((l) => l.ifname === e.ifname);
        expect({
          ifindex: iface?.ifindex,
          mac: iface?.address,
          mtu: iface?.mtu,
          state: iface?.operstate,
        }).toEqual({
          ifindex: e.ifindex,
          mac: settings.MacAddress.toLowerCase(),
          mtu: e.mtu,
          state: e.state,
        });
        if (name === nets.mac) {
          const parent = hostLinks.find((l) => l.ifindex === iface?.link_index);
          expect({ kind: e.kind, parent: e.parent, peer: e.peerName }).toEqual({
            kind: "macvlan",
            parent: parent?.ifname,
            peer: null,
          });
          expect(e.parent).toBe("eth0");
        } else {
          const peer = hostLinks.find((l) => l.ifindex === iface?.link_index);
          expect({
            kind: e.kind,
            peerIndex: e.peerIndex,
            peerName: e.peerName,
            bridge: e.bridge,
            namespace: e.peerNamespace,
          }).toEqual({
            kind: "veth",
            peerIndex: peer?.ifindex,
            peerName: peer?.ifname,
            bridge: peer?.master,
            namespace: "host",
          });
          expect(peer?.link_index).toBe(e.ifindex);
        }
        checked++;
      }
    }
    expect(checked).toBe(5);
    const mine = new Set(Object.values(made).map((n) => inspect<RawContainer>("container", n).Id));
    expect(layer.endpoints.filter((e) => mine.has(e.containerId))).toHaveLength(5);
  });

  it("puts each endpoint on its network's bridge: docker0, br-<id>, the custom name", () => {
    const of = (suffix: string, network: string) => {
      const id = inspect<RawContainer>("container", made[suffix] as string).Id;
      const networkId = inspect<{ Id: string }>("network", network).Id;
      return layer.endpoints.find((e) => e.containerId === id && e.networkId === networkId);
    };
    const frontId = inspect<{ Id: string }>("network", nets.front as string).Id;
    expect(of("plain", "bridge")?.bridge).toBe("docker0");
    expect(of("one", nets.front as string)?.bridge).toBe(`br-${frontId.slice(0, 12)}`);
    expect(of("two", nets.front as string)?.bridge).toBe(`br-${frontId.slice(0, 12)}`);
    expect(of("two", nets.named as string)).toMatchObject({ bridge: bridgeName, mtu: 1400 });
    expect(of("two", nets.named as string)?.ifname).not.toBe(of("two", nets.front as string)?.ifname);
  });

  it("reports the bridges with the state and MTU ip shows, and the network each stands for", () => {
    const hostLinks = ip(["nsenter", `--net=${hostNetns}`, "ip", "-j", "link", "show"]);
    const frontId = inspect<{ Id: string }>("network", nets.front as string).Id;
    const expected: Array<[string, string]> = [
      ["docker0", inspect<{ Id: string }>("network", "bridge").Id],
      [`br-${frontId.slice(0, 12)}`, frontId],
      [bridgeName, inspect<{ Id: string }>("network", nets.named as string).Id],
    ];
    for (const [name, networkId] of expected) {
      const real = hostLinks.find((l) => l.ifname === name);
      const reported = layer.links.find((l) => l.name === name);
      expect({
        name,
        index: reported?.index,
        state: reported?.state,
        mtu: reported?.mtu,
        kind: reported?.kind,
      }).toEqual({
        name,
        index: real?.ifindex,
        state: real?.operstate,
        mtu: real?.mtu,
        kind: "bridge",
      });
      expect(reported?.networkId).toBe(networkId);
    }
    expect(layer.links.find((l) => l.name === bridgeName)?.mtu).toBe(1400);
  });

  it("lists the host-mode container on the host stack, and nothing for a stopped one", () => {
    const hostnet = inspect<RawContainer>("container", made.hostnet as string).Id;
    const stopped = inspect<RawContainer>("container", made.stopped as string).Id;
    expect(layer.hostStack).toContainEqual({ containerId: hostnet });
    expect(layer.endpoints.filter((e) => e.containerId === hostnet || e.containerId === stopped)).toEqual([]);
    expect(layer.hostStack).not.toContainEqual({ containerId: stopped });
  });
});

describe("GET /api/hosts for hosts that cannot be seen", () => {
  it("answers 200 with `unavailable` and why for a remote engine and a namespace that is gone", async () => {
    const saved = engineConfigs();
    try {
      setEngineConfigs([
        {
          id: "far",
          host: "tcp://127.0.0.1:1",
          tlsVerify: false,
          certPath: null,
          sshPath: null,
          source: "env",
        },
        {
          id: "gone",
          host: "unix:///run/netatlas-lab/natest-gone/docker.sock",
          tlsVerify: false,
          certPath: null,
          sshPath: null,
          source: "env",
        },
      ]);
      const answer = await call<HostsDto>(getHosts, "/api/hosts");
      expect(answer.status).toBe(200);
      expect(answer.body.hosts.map((h) => [h.engine, h.source, h.endpoints, h.links])).toEqual([
        ["far", null, [], []],
        ["gone", null, [], []],
      ]);
      expect(answer.body.hosts[0]?.unavailable).toBe(
        "Engine far is remote (tcp://127.0.0.1:1): its host cannot be seen from this server",
      );
      expect(answer.body.hosts[1]?.unavailable).toMatch(
        /network namespace \/var\/run\/netns\/netatlas-natest-gone does not exist/,
      );
      const one = await call<HostsDto>(getHosts, "/api/hosts?engine=far");
      expect(one.body.hosts.map((h) => h.engine)).toEqual(["far"]);
      const unknown = await call<ApiErrorBody>(getHosts, "/api/hosts?engine=nope");
      expect({ status: unknown.status, code: unknown.body.error.code }).toEqual({
        status: 404,
        code: "not_found",
      });
    } finally {
      setEngineConfigs(saved);
    }
  });
});
