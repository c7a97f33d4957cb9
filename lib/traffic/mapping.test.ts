import { describe, expect, it } from "vitest";
import type { ContainerDto, EndpointDto } from "@/lib/api/types";
import type { IpLink } from "@/lib/host/linux-parse";
import {
  assignStats,
  containerSignature,
  hostVethOf,
  interfaceEndpoints,
  mapContainer,
  parseHostVeths,
} from "./mapping";

// As `ip -s -j link show type veth` printed it in lab engine a's namespace (iproute2 6.1), trimmed.
const HOST_VETHS = JSON.stringify([
  {
    ifindex: 10,
    link_index: 9,
    ifname: "veth94bad98",
    master: "docker_gwbridge",
    stats64: {
      rx: { bytes: 500, packets: 5, errors: 0, dropped: 0 },
      tx: { bytes: 1376, packets: 16, errors: 0, dropped: 0 },
    },
  },
  // an older iproute2 prints `stats`
  {
    ifindex: 12,
    link_index: 2,
    ifname: "vethold",
    stats: { rx: { bytes: 7, packets: 1 }, tx: { bytes: 9, packets: 2 } },
  },
  { ifindex: 13, ifname: "nostats" },
]);

function ep(networkId: string, over: Partial<EndpointDto> = {}): EndpointDto {
  return {
    engine: "a",
    id: `ep-${networkId}`,
    networkId,
    networkName: networkId,
    containerId: "c1",
    ipv4Address: "10.0.0.2/24",
    ipv6Address: null,
    macAddress: "02:42:0a:00:00:02",
    gateway: null,
    ipv6Gateway: null,
    aliases: null,
    dnsNames: null,
    ipamConfig: null,
    links: null,
    ...over,
  };
}

const link = (ifindex: number, ifname: string, over: Partial<IpLink> = {}): IpLink => ({
  ifindex,
  ifname,
  mtu: 1500,
  operstate: "UP",
  ...over,
});

describe("parseHostVeths", () => {
  it("reads every veth's counters and swaps them to the container's point of view", () => {
    const veths = parseHostVeths(HOST_VETHS);
    // host rx 500 = what the container sent; host tx 1376 = what it received
    expect(veths.get(10)).toEqual({
      ifindex: 10,
      ifname: "veth94bad98",
      peerIndex: 9,
      counters: { rxBytes: 1376, rxPackets: 16, txBytes: 500, txPackets: 5 },
    });
    expect(veths.get(12)?.counters).toEqual({ rxBytes: 9, rxPackets: 2, txBytes: 7, txPackets: 1 });
    expect(veths.has(13)).toBe(false);
  });

  it("says what it got when ip printed no list", () => {
    expect(() => parseHostVeths("Cannot open network namespace")).toThrow(/no JSON/);
    expect(() => parseHostVeths("{}")).toThrow(/not a list/);
  });
});

describe("mapping a container's interfaces to host veths", () => {
  const links = [
    link(1, "lo"),
    link(9, "eth0", { address: "02:42:0a:00:00:02", link_index: 10, linkinfo: { info_kind: "veth" } }),
    link(20, "eth1", {
      address: "02:42:0a:00:01:05",
      link_index: 21,
      linkinfo: { info_kind: "veth" },
      addr_info: [{ family: "inet", local: "10.0.1.5", prefixlen: 24 }],
    }),
    link(30, "eth2", { address: "02:42:0a:00:02:07", link_index: 2, linkinfo: { info_kind: "macvlan" } }),
  ];
  const endpoints = [
    ep("n-bridge"),
    ep("n-overlay", { macAddress: null, ipv4Address: "10.0.1.5/24" }),
    ep("n-mac", { macAddress: "02:42:0a:00:02:07", ipv4Address: "10.0.2.7/24" }),
    ep("n-gone", { macAddress: "02:42:ff:ff:ff:ff", ipv4Address: "10.9.9.9/24" }),
  ];

  it("finds each endpoint's interface by MAC, then by address, and its veth peer", () => {
    const m = mapContainer("c1", "sig", endpoints, links);
    expect(m.interfaces).toEqual([
      { networkId: "n-bridge", ifname: "eth0", ifindex: 9, peerIndex: 10 },
      { networkId: "n-overlay", ifname: "eth1", ifindex: 20, peerIndex: 21 },
      // macvlan: no veth peer
      { networkId: "n-mac", ifname: "eth2", ifindex: 30, peerIndex: null },
    ]);
    expect(m.missing).toEqual(["n-gone"]);
  });

  it("accepts a host veth only when both ends name each other", () => {
    const veths = parseHostVeths(HOST_VETHS);
    const m = mapContainer("c1", "sig", endpoints, links);
    expect(hostVethOf(m.interfaces[0] as never, veths)?.ifname).toBe("veth94bad98");
    // eth1's peer (21) is in the overlay's namespace, not on the host
    expect(hostVethOf(m.interfaces[1] as never, veths)).toBeNull();
    expect(hostVethOf(m.interfaces[2] as never, veths)).toBeNull();
    // the host's ifindex 12 points back at ifindex 2, not at an interface with index 12's peer
    expect(hostVethOf({ networkId: "x", ifname: "eth9", ifindex: 3, peerIndex: 12 }, veths)).toBeNull();
    expect(hostVethOf({ networkId: "x", ifname: "eth9", ifindex: 2, peerIndex: 12 }, veths)?.ifname).toBe(
      "vethold",
    );
  });

  it("keeps only endpoints with an interface, and a signature that changes with a restart or a new endpoint", () => {
    const drivers = new Map([
      ["n1", "bridge"],
      ["h", "host"],
      ["z", "null"],
    ]);
    const all = [ep("n1"), ep("h"), ep("z"), ep("n1", { containerId: "other" }), ep("n2", { id: null })];
    expect(interfaceEndpoints("c1", all, drivers).map((e) => e.networkId)).toEqual(["n1"]);
    const container = { state: "running", startedAt: "2026-12-07T10:00:00Z" } as ContainerDto;
    const one = containerSignature(container, [ep("n1")]);
    expect(containerSignature(container, [ep("n1")])).toBe(one);
    expect(containerSignature({ ...container, startedAt: "2026-12-07T10:05:00Z" }, [ep("n1")])).not.toBe(one);
    expect(containerSignature(container, [ep("n1"), ep("n2")])).not.toBe(one);
    expect(containerSignature(container, [ep("n1", { id: "new" })])).not.toBe(one);
  });
});

describe("assignStats", () => {
  const eth = (n: number) => ({ rx_bytes: n, tx_bytes: n * 2, rx_packets: n / 10, tx_packets: n / 5 });

  it("puts a single interface on a container's single endpoint", () => {
    expect(assignStats({ eth0: eth(100) }, [ep("n1")], null)).toEqual([
      {
        networkId: "n1",
        ifname: "eth0",
        counters: { rxBytes: 100, txBytes: 200, rxPackets: 10, txPackets: 20 },
        note: null,
      },
    ]);
  });

  it("by name when the container's interface names are known", () => {
    const known = new Map([
      ["n1", "eth1"],
      ["n2", "eth0"],
    ]);
    const out = assignStats({ eth0: eth(10), eth1: eth(20) }, [ep("n1"), ep("n2")], known);
    expect(out.map((a) => [a.networkId, a.ifname, a.counters.rxBytes])).toEqual([
      ["n1", "eth1", 20],
      ["n2", "eth0", 10],
    ]);
  });

  it("reports a container on several networks once, summed, and says why, when the names are not known", () => {
    const out = assignStats({ eth1: eth(20), eth0: eth(10) }, [ep("n1"), ep("n2")], null);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      networkId: null,
      ifname: null,
      counters: { rxBytes: 30, txBytes: 60, rxPackets: 3, txPackets: 6 },
    });
    expect(out[0]?.note).toMatch(/not mapped to a network.*eth0, eth1.*2 endpoints/);
  });

  it("gives nothing when Docker gives no interfaces", () => {
    expect(assignStats(undefined, [ep("n1")], null)).toEqual([]);
    expect(assignStats({}, [ep("n1")], null)).toEqual([]);
  });
});
