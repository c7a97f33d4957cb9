// The Linux-layer parser against what real lab engines printed (Docker 26.1 and 20.10; recordings in
// __fixtures__, see each file's "note"), and against small made-up cases the recordings cannot hold
// (interface indexes that collide across namespaces, a MAC Docker does not report).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { HostLayerDto } from "@/lib/api/hosts";
import type { SandboxNetwork } from "@/lib/docker/sandboxes";
import {
  bridgeNetworkId,
  endpointInterface,
  endpointLinks,
  type HostReading,
  hostLayer,
  type IpLink,
  overlayNamespaces,
  overlayNetworkOf,
  parseIpJson,
} from "./linux-parse";

function fixture(name: string): HostReading {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, "__fixtures__", `${name}.json`), "utf8"),
  ) as HostReading;
}

function byName(reading: HostReading, suffix: string) {
  const c = reading.containers.find((x) => x.name === `nalinux-rec-${suffix}`);
  if (!c) throw new Error(`no container ${suffix} in the recording`);
  return c;
}

function network(reading: HostReading, name: string): SandboxNetwork {
  const n = reading.networks.find((x) => x.name === name);
  if (!n) throw new Error(`no network ${name} in the recording`);
  return n;
}

const endpointsOf = (layer: HostLayerDto, containerId: string) =>
  layer.endpoints.filter((e) => e.containerId === containerId);

describe.each(["26.1", "20.10"])("a bridge host recorded from Docker %s", (version) => {
  const reading = fixture(`linux-${version}`);
  const layer = hostLayer(reading);
  const front = network(reading, "nalinux-rec-front");
  const back = network(reading, "nalinux-rec-back");

  it("names every Docker bridge's network: docker0 by option, br-<12 of id>, a custom bridge name", () => {
    const bridges = layer.links.filter((l) => l.kind === "bridge").map((l) => [l.name, l.networkId]);
    expect(bridges).toEqual(
      expect.arrayContaining([
        ["docker0", network(reading, "bridge").id],
        [`br-${front.id.slice(0, 12)}`, front.id],
        ["nalx-back", back.id],
      ]),
    );
    expect(layer.links.find((l) => l.name === "nalx-back")).toMatchObject({ state: "UP", mtu: 1400 });
    expect(layer.links.find((l) => l.name === "docker0")?.addresses).toContain("172.17.0.1/16");
    // Devices that stand for no network (the lab link, veths) say so.
    expect(layer.links.find((l) => l.name === "eth0")?.networkId).toBeNull();
  });

  it("pairs each bridge endpoint's container interface with its host-side veth, both ends naming each other", () => {
    const bridgeEndpoints = layer.endpoints.filter((e) => e.kind === "veth");
    expect(bridgeEndpoints).toHaveLength(4);
    for (const e of bridgeEndpoints) {
      const peer = reading.host.find((l) => l.ifname === e.peerName);
      const iface = reading.containerLinks[e.containerId]?.find((l) => l.ifname === e.ifname);
      expect({ peerIndex: peer?.ifindex, peerOf: peer?.link_index, master: peer?.master }).toEqual({
        peerIndex: e.peerIndex,
        peerOf: e.ifindex,
        master: e.bridge,
      });
      expect(iface?.link_index).toBe(e.peerIndex);
      expect(e.peerNamespace).toBe("host");
    }
  });

  it("finds the default bridge, one network and two networks as eth0/eth1 on the right bridges", () => {
    const plain = byName(reading, "plain");
    expect(endpointsOf(layer, plain.id)).toEqual([
      expect.objectContaining({
        ifname: "eth0",
        bridge: "docker0",
        networkId: network(reading, "bridge").id,
      }),
    ]);
    expect(endpointsOf(layer, byName(reading, "one").id)).toEqual([
      expect.objectContaining({ ifname: "eth0", bridge: `br-${front.id.slice(0, 12)}`, networkId: front.id }),
    ]);
    const two = endpointsOf(layer, byName(reading, "two").id);
    expect(two.map((e) => [e.ifname, e.networkId, e.bridge, e.mtu])).toEqual([
      ["eth0", front.id, `br-${front.id.slice(0, 12)}`, 1500],
      ["eth1", back.id, "nalx-back", 1400],
    ]);
    for (const e of two) expect(e.peerName).toMatch(/^veth[0-9a-f]{7}$/);
  });

  it("gives a macvlan interface its parent on the host and no veth peer", () => {
    const mv = endpointsOf(layer, byName(reading, "mv").id);
    expect(mv).toEqual([
      expect.objectContaining({
        ifname: "eth0",
        kind: "macvlan",
        parent: "eth0",
        peerName: null,
        peerIndex: null,
        bridge: null,
        networkId: network(reading, "nalinux-rec-mac").id,
      }),
    ]);
    const hostEth0 = reading.host.find((l) => l.ifname === "eth0");
    expect(
      reading.containerLinks[byName(reading, "mv").id]?.find((l) => l.ifname === "eth0")?.link_index,
    ).toBe(hostEth0?.ifindex);
  });

  it("lists a --network host container on the host stack, and a container:X one nowhere", () => {
    expect(layer.hostStack).toEqual([{ containerId: byName(reading, "hostnet").id }]);
    expect(endpointsOf(layer, byName(reading, "hostnet").id)).toEqual([]);
    expect(endpointsOf(layer, byName(reading, "sidecar").id)).toEqual([]);
  });

  it("is read, with its source, and carries the container side's MAC exactly as Docker reports it", () => {
    expect(layer).toMatchObject({ engine: version === "26.1" ? "a" : "old", unavailable: null });
    expect(layer.source).toMatch(/^network namespace netatlas-/);
    for (const c of reading.containers) {
      for (const e of endpointsOf(layer, c.id)) {
        const docker = c.endpoints.find((x) => x.networkId === e.networkId);
        expect(e.mac).toBe(docker?.macAddress);
      }
    }
  });
});

describe.each(["26.1", "20.10"])("an overlay host recorded from Docker %s", (version) => {
  const reading = fixture(`overlay-${version}`);
  const layer = hostLayer(reading);
  const overlay = network(reading, "nalinux-rec-ov");
  const ingress = network(reading, "ingress");

  it("reads each overlay namespace with its bridge br0 and its VXLAN id", () => {
    expect(layer.overlays.map((o) => [o.networkId, o.vxlanIds]).sort()).toEqual(
      [
        [ingress.id, [4096]],
        [overlay.id, [4242]],
      ].sort(),
    );
    const ns = layer.overlays.find((o) => o.networkId === overlay.id);
    expect(ns?.namespace).toBe(`1-${overlay.id.slice(0, 10)}`);
    expect(ns?.links.find((l) => l.kind === "bridge")).toMatchObject({
      name: "br0",
      networkId: overlay.id,
      addresses: ["10.152.0.1/24"],
    });
    expect(ns?.links.find((l) => l.kind === "vxlan")).toMatchObject({ vxlanId: 4242, master: "br0" });
  });

  it("finds an overlay endpoint's peer in the overlay's namespace, not the host's", () => {
    const ns = `1-${overlay.id.slice(0, 10)}`;
    for (const suffix of ["ovc", "ovonly"]) {
      const e = endpointsOf(layer, byName(reading, suffix).id).find((x) => x.networkId === overlay.id);
      expect(e).toMatchObject({ ifname: "eth0", peerNamespace: ns, bridge: "br0" });
      const peer = reading.overlayLinks[ns]?.find((l) => l.ifindex === e?.peerIndex);
      expect(peer?.link_index).toBe(e?.ifindex);
    }
  });

  it("shows the docker_gwbridge interface Docker does not list, and none once a bridge gives the way out", () => {
    const gw = network(reading, "docker_gwbridge");
    const ovonly = endpointsOf(layer, byName(reading, "ovonly").id);
    expect(byName(reading, "ovonly").endpoints.map((e) => e.networkId)).toEqual([overlay.id]);
    expect(ovonly.find((e) => e.networkId === gw.id)).toMatchObject({
      ifname: "eth1",
      bridge: "docker_gwbridge",
      peerNamespace: "host",
    });
    const ovc = endpointsOf(layer, byName(reading, "ovc").id);
    expect(ovc.map((e) => [e.ifname, e.networkId])).toEqual([
      ["eth0", overlay.id],
      ["eth2", network(reading, "nalinux-rec-br").id],
    ]);
  });
});

describe("bridgeNetworkId", () => {
  const net = (id: string, bridgeName: string | null, driver = "bridge"): SandboxNetwork => ({
    id,
    name: id.slice(0, 4),
    driver,
    scope: "local",
    bridgeName,
    parent: null,
  });
  const a = net(`aaaaaaaaaaaa${"0".repeat(52)}`, null);
  const custom = net(`bbbbbbbbbbbb${"0".repeat(52)}`, `br-${"a".repeat(12)}`);

  it("prefers a bridge-name option over the br-<id> pattern, and knows nothing else", () => {
    expect(bridgeNetworkId(`br-${"a".repeat(12)}`, [a, custom])).toBe(custom.id);
    expect(bridgeNetworkId(`br-${"a".repeat(12)}`, [a])).toBe(a.id);
    expect(bridgeNetworkId("br-cccccccccccc", [a, custom])).toBeNull();
    expect(bridgeNetworkId("eth0", [a, custom])).toBeNull();
    expect(bridgeNetworkId(`br-${"a".repeat(12)}`, [net(a.id, null, "macvlan")])).toBeNull();
  });
});

describe("overlayNetworkOf", () => {
  const overlay: SandboxNetwork = {
    id: "x7k2m9q0abcdefghijklmnopq",
    name: "ov",
    driver: "overlay",
    scope: "swarm",
    bridgeName: null,
    parent: null,
  };
  it("matches <epoch>-<id cut to 12 characters> and skips sandboxes, ingress_sbox and load balancers", () => {
    expect(overlayNetworkOf("1-x7k2m9q0ab", [overlay])).toBe(overlay);
    expect(overlayNetworkOf("12-x7k2m9q0a", [overlay])).toBe(overlay);
    expect(
      overlayNamespaces(
        ["083fa2c44e4b", "ingress_sbox", "lb_x7k2m9q0a", "default", "1-x7k2m9q0ab"],
        [overlay],
      ),
    ).toEqual(["1-x7k2m9q0ab"]);
    expect(overlayNetworkOf("1-zzzzzzzzzz", [overlay])).toBeNull();
  });
});

describe("parseIpJson", () => {
  it("refuses what is not a list of links and drops entries without an index", () => {
    expect(() => parseIpJson("nsenter: reassociate to namespace 'ns/net' failed")).toThrow(/no JSON/);
    expect(() => parseIpJson('{"ifindex": 1}')).toThrow(/not a list/);
    expect(
      parseIpJson('[{"addr_info":[]},{"ifindex":1,"ifname":"lo","mtu":65536,"operstate":"UNKNOWN"}]'),
    ).toEqual([{ ifindex: 1, ifname: "lo", mtu: 65536, operstate: "UNKNOWN" }]);
  });
});

describe("made-up cases", () => {
  const link = (ifindex: number, ifname: string, more: Partial<IpLink> = {}): IpLink => ({
    ifindex,
    ifname,
    mtu: 1500,
    operstate: "UP",
    linkinfo: { info_kind: "veth" },
    ...more,
  });
  const bridgeNet: SandboxNetwork = {
    id: `dddddddddddd${"0".repeat(52)}`,
    name: "app",
    driver: "bridge",
    scope: "local",
    bridgeName: null,
    parent: null,
  };
  const overlayNet: SandboxNetwork = {
    id: "ov0000000000000000000000a",
    name: "ov",
    driver: "overlay",
    scope: "swarm",
    bridgeName: null,
    parent: null,
  };
  const reading = (networkId: string, containerLinks: IpLink[]): HostReading => ({
    engine: "x",
    source: "this machine",
    readAt: "2026-01-01T00:00:00Z",
    containers: [
      {
        id: "c1",
        name: "c1",
        pid: 10,
        networkMode: "app",
        endpoints: [
          { networkId, networkName: "n", macAddress: "02:42:0a:00:00:02", ipv4Address: "10.0.0.2" },
        ],
      },
    ],
    networks: [bridgeNet, overlayNet],
    // Indexes are per namespace: the host's 7 and the overlay's 7 both pair with an index 5 (each in another
    // container). The host's 9 pairs with some index 3, the host's 8 with index 5.
    host: [
      link(7, "vethhost", { link_index: 5, master: "br-dddddddddddd" }),
      link(8, "vethreal", { link_index: 5, master: "br-dddddddddddd" }),
      link(9, "vethother", { link_index: 3, master: "br-dddddddddddd" }),
    ],
    containerLinks: { c1: containerLinks },
    overlayLinks: { "1-ov00000000": [link(7, "veth0", { link_index: 5, master: "br0" })] },
  });

  it("looks an overlay endpoint's peer up in the overlay namespace even when the host has the same index", () => {
    const eth0 = link(5, "eth0", { link_index: 7, address: "02:42:0a:00:00:02" });
    expect(endpointLinks(reading(overlayNet.id, [eth0]))[0]).toMatchObject({
      peerName: "veth0",
      peerNamespace: "1-ov00000000",
      bridge: "br0",
    });
    expect(endpointLinks(reading(bridgeNet.id, [eth0]))[0]).toMatchObject({
      peerName: "vethhost",
      peerNamespace: "host",
    });
  });

  it("accepts a peer only when it names the container interface back", () => {
    const eth0 = link(5, "eth0", { link_index: 8, address: "02:42:0a:00:00:02" });
    expect(endpointLinks(reading(bridgeNet.id, [eth0]))[0]).toMatchObject({
      peerName: "vethreal",
      peerIndex: 8,
    });
    // The host's index 9 is a veth, but the peer of an index 3: not this eth0's.
    const stray = link(5, "eth0", { link_index: 9, address: "02:42:0a:00:00:02" });
    expect(endpointLinks(reading(bridgeNet.id, [stray]))[0]).toMatchObject({
      peerName: null,
      peerIndex: 9,
      bridge: null,
    });
  });

  it("matches by address when the MAC differs, and finds nothing for neither", () => {
    const byIp = link(5, "eth0", {
      address: "aa:bb:cc:dd:ee:ff",
      addr_info: [{ family: "inet", local: "10.0.0.2", prefixlen: 24 }],
    });
    expect(
      endpointInterface([link(1, "lo"), byIp], { macAddress: "02:42:0a:00:00:02", ipv4Address: "10.0.0.2" }),
    ).toBe(byIp);
    expect(endpointInterface([byIp], { macAddress: null, ipv4Address: "10.0.0.9" })).toBeNull();
    expect(
      endpointInterface([link(1, "lo", { address: "02:42:0a:00:00:02" })], {
        macAddress: "02:42:0a:00:00:02",
        ipv4Address: null,
      }),
    ).toBeNull();
  });

  it("leaves out a container whose namespace could not be read", () => {
    const r = reading(bridgeNet.id, []);
    r.containerLinks = {};
    expect(endpointLinks(r)).toEqual([]);
  });
});
