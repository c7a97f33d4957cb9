// The short human forms shared by labels, panels and tables: ports, published ports, addresses, user aliases.
import { describe, expect, it } from "vitest";
import type { EndpointDto, NetworkDto, PortDto } from "@/lib/api/types";
import { fixtureTopology } from "@/lib/testing/fixtures";
import {
  endpointAddresses,
  formatPort,
  gateways,
  publishedPorts,
  subnets,
  userAliases,
  withoutPrefix,
} from "./format";

const port = (
  hostIp: string | null,
  hostPort: number | null,
  containerPort = 80,
  protocol = "tcp",
): PortDto => ({
  hostIp,
  hostPort,
  containerPort,
  protocol,
});

const CONTAINER_ID = "f8900329531a2ace94b601800ccc818ea3fa0acce575c5e5921196ef62f7e06b";

function endpoint(overrides: Partial<EndpointDto>): EndpointDto {
  return {
    engine: "local",
    id: "e1",
    networkId: "n1",
    networkName: "example-public",
    containerId: CONTAINER_ID,
    ipv4Address: null,
    ipv6Address: null,
    macAddress: null,
    gateway: null,
    ipv6Gateway: null,
    aliases: null,
    dnsNames: null,
    ipamConfig: null,
    links: null,
    ...overrides,
  };
}

describe("formatPort", () => {
  it("shows a port bound to one address with that address", () => {
    expect(formatPort(port("127.0.0.1", 8080))).toBe("127.0.0.1:8080→80/tcp");
  });

  it("omits 0.0.0.0 and a missing address: the port is on every address", () => {
    expect(formatPort(port("0.0.0.0", 8080))).toBe("8080→80/tcp");
    expect(formatPort(port(null, 8080))).toBe("8080→80/tcp");
  });

  it("puts IPv6 host addresses in brackets", () => {
    expect(formatPort(port("::1", 8080))).toBe("[::1]:8080→80/tcp");
    expect(formatPort(port("::", 8080))).toBe("[::]:8080→80/tcp");
    expect(formatPort(port("fd00::7", 5353, 53, "udp"))).toBe("[fd00::7]:5353→53/udp");
  });

  it("shows an exposed-only port as port/protocol", () => {
    expect(formatPort(port(null, null, 9000))).toBe("9000/tcp");
    expect(formatPort(port(null, null, 53, "udp"))).toBe("53/udp");
  });
});

describe("publishedPorts", () => {
  it("answers the IPv4 and IPv6 wildcard bindings of one port once", () => {
    expect(publishedPorts([port("0.0.0.0", 8080), port("::", 8080)])).toEqual(["8080→80/tcp"]);
    expect(publishedPorts([port("::", 8080), port("0.0.0.0", 8080)])).toEqual(["8080→80/tcp"]);
  });

  it("leaves exposed-only ports out", () => {
    expect(publishedPorts([port(null, null, 9000), port("127.0.0.1", 8080)])).toEqual([
      "127.0.0.1:8080→80/tcp",
    ]);
    expect(publishedPorts([port(null, null, 9000)])).toEqual([]);
  });

  it("keeps distinct host ports, addresses and protocols apart, in order", () => {
    expect(
      publishedPorts([
        port("127.0.0.1", 8080),
        port("0.0.0.0", 8080),
        port("0.0.0.0", 8443, 443),
        port("0.0.0.0", 8080, 80, "udp"),
      ]),
    ).toEqual(["127.0.0.1:8080→80/tcp", "8080→80/tcp", "8443→443/tcp", "8080→80/udp"]);
  });

  it("keeps an IPv6 address that is not the wildcard", () => {
    expect(publishedPorts([port("::1", 8080), port("127.0.0.1", 8080)])).toEqual([
      "[::1]:8080→80/tcp",
      "127.0.0.1:8080→80/tcp",
    ]);
  });
});

describe("userAliases", () => {
  it("drops the 12-character short id Docker 20.10 adds", () => {
    expect(userAliases(endpoint({ aliases: ["api", CONTAINER_ID.slice(0, 12)] }))).toEqual(["api"]);
  });

  it("keeps a 12-character alias that is not this container's short id", () => {
    expect(userAliases(endpoint({ aliases: ["database1234", "0123456789ab"] }))).toEqual([
      "database1234",
      "0123456789ab",
    ]);
  });

  it("keeps a shorter or longer prefix of the id the user chose", () => {
    expect(userAliases(endpoint({ aliases: ["f89", CONTAINER_ID.slice(0, 13)] }))).toEqual([
      "f89",
      CONTAINER_ID.slice(0, 13),
    ]);
  });

  it("answers no aliases as an empty list", () => {
    expect(userAliases(endpoint({ aliases: null }))).toEqual([]);
    expect(userAliases(endpoint({ aliases: [] }))).toEqual([]);
  });

  it("gives the same user aliases for both recorded engine versions", () => {
    const aliasesByName = (version: "20.10" | "26.1") => {
      const topology = fixtureTopology(version);
      const names = new Map(topology.containers.map((c) => [c.id, c.name]));
      return topology.endpoints
        .map((e) => `${names.get(e.containerId)}@${e.networkName}: ${userAliases(e).join(",")}`)
        .sort();
    };
    const old = aliasesByName("20.10");
    expect(old).toContain("example-proxy@example-public: www");
    expect(old).toContain("example-worker@example-internal: ");
    expect(old).toEqual(aliasesByName("26.1"));
  });
});

describe("addresses", () => {
  it("withoutPrefix drops the prefix length", () => {
    expect(withoutPrefix("10.90.1.2/24")).toBe("10.90.1.2");
    expect(withoutPrefix("fd00::3/64")).toBe("fd00::3");
    expect(withoutPrefix("10.90.1.2")).toBe("10.90.1.2");
    expect(withoutPrefix(null)).toBeNull();
  });

  it("endpointAddresses lists IPv4 then IPv6 without prefixes", () => {
    expect(endpointAddresses(endpoint({ ipv4Address: "172.20.0.3/16", ipv6Address: "fd00::3/64" }))).toBe(
      "172.20.0.3, fd00::3",
    );
    expect(endpointAddresses(endpoint({ ipv6Address: "fd00::3/64" }))).toBe("fd00::3");
    expect(endpointAddresses(endpoint({}))).toBe("");
  });

  it("subnets and gateways skip IPAM entries without them", () => {
    const network = {
      ipam: {
        driver: "default",
        options: {},
        config: [
          { subnet: "10.90.2.0/24", gateway: null, ipRange: "10.90.2.128/25", auxAddresses: {} },
          { subnet: "fd00:2::/64", gateway: "fd00:2::1", ipRange: null, auxAddresses: {} },
          { subnet: null, gateway: null, ipRange: null, auxAddresses: {} },
        ],
      },
    } as Pick<NetworkDto, "ipam"> as NetworkDto;
    expect(subnets(network)).toEqual(["10.90.2.0/24", "fd00:2::/64"]);
    expect(gateways(network)).toEqual(["fd00:2::1"]);
  });
});
