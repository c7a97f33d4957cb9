// mapNetwork / mapContainer / mapEndpoints / mapPorts against the answers recorded from real Docker 26.1
// (API 1.45) and 20.10 (API 1.41) engines running scripts/seed.sh; expected values are read from the recording.
import { describe, expect, it } from "vitest";
import { FIXTURE_VERSIONS, loadFixture, rawInspect, rawNetwork } from "@/lib/testing/fixtures";
import { mapContainer, mapEndpoint, mapEndpoints, mapNetwork, mapPorts, normaliseNetworkMode } from "./map";

const ENGINE = "lab-a";
const SEEDED_CONTAINERS = [
  "example-api",
  "example-cache",
  "example-db",
  "example-hostnet",
  "example-isolated",
  "example-proxy",
  "example-sidecar",
  "example-stopped",
  "example-worker",
];

describe.each(FIXTURE_VERSIONS)("Docker %s recording", (version) => {
  const recorded = loadFixture(version);
  const summaryOf = (id: string) => recorded.containers.find((s) => s.Id === id);

  it("holds the seeded topology", () => {
    expect(recorded.inspects.map((c) => c.Name.slice(1)).sort()).toEqual(SEEDED_CONTAINERS);
    expect(recorded.networks.map((n) => n.Name).sort()).toEqual([
      "bridge",
      "example-data",
      "example-internal",
      "example-public",
      "host",
      "none",
    ]);
  });

  describe("mapNetwork", () => {
    it("copies identity and flags of every network and tags the engine", () => {
      for (const raw of recorded.networks) {
        expect(mapNetwork(ENGINE, raw)).toMatchObject({
          engine: ENGINE,
          id: raw.Id,
          name: raw.Name,
          driver: raw.Driver,
          scope: raw.Scope,
          internal: raw.Internal,
          attachable: raw.Attachable,
          ingress: raw.Ingress,
          enableIPv6: raw.EnableIPv6,
          configOnly: raw.ConfigOnly ?? false,
          createdAt: raw.Created,
        });
      }
    });

    it("flags Docker's own networks as system, and only those", () => {
      const system = recorded.networks.filter((n) => mapNetwork(ENGINE, n).system).map((n) => n.Name);
      expect(system.sort()).toEqual(["bridge", "host", "none"]);
    });

    it("marks the --internal network internal", () => {
      expect(mapNetwork(ENGINE, rawNetwork(recorded, "example-data")).internal).toBe(true);
      expect(mapNetwork(ENGINE, rawNetwork(recorded, "example-public")).internal).toBe(false);
    });

    it("keeps subnet and gateway of the IPAM config", () => {
      const raw = rawNetwork(recorded, "example-public");
      const config = raw.IPAM.Config?.[0];
      expect(config?.Gateway).toBeTruthy();
      expect(mapNetwork(ENGINE, raw).ipam).toEqual({
        driver: raw.IPAM.Driver,
        config: [{ subnet: config?.Subnet, gateway: config?.Gateway, ipRange: null, auxAddresses: {} }],
        options: {},
      });
    });

    it("keeps the ip-range, and a missing gateway is null", () => {
      const raw = rawNetwork(recorded, "example-internal");
      const config = raw.IPAM.Config?.[0];
      expect(config?.IPRange).toBe("10.90.2.128/25");
      expect(config?.Gateway).toBeUndefined();
      expect(mapNetwork(ENGINE, raw).ipam.config).toEqual([
        { subnet: config?.Subnet, gateway: null, ipRange: config?.IPRange, auxAddresses: {} },
      ]);
    });

    it("answers an IPAM config Docker leaves null or empty (host, none) as an empty list", () => {
      for (const name of ["host", "none"]) {
        const raw = rawNetwork(recorded, name);
        expect(raw.IPAM.Config ?? []).toEqual([]);
        expect(mapNetwork(ENGINE, raw).ipam).toEqual({ driver: raw.IPAM.Driver, config: [], options: {} });
      }
    });

    it("keeps driver options (the mtu) and labels exactly", () => {
      const raw = rawNetwork(recorded, "example-internal");
      const network = mapNetwork(ENGINE, raw);
      expect(network.options).toEqual(raw.Options);
      expect(network.options["com.docker.network.driver.mtu"]).toBe("1450");
      expect(network.labels).toEqual(raw.Labels);
      expect(network.labels["netatlas.tier"]).toBe("internal");
      expect(mapNetwork(ENGINE, rawNetwork(recorded, "bridge")).options).toEqual(
        rawNetwork(recorded, "bridge").Options,
      );
    });

    it("answers an empty ConfigFrom as null", () => {
      for (const raw of recorded.networks) {
        expect(raw.ConfigFrom?.Network).toBe("");
        expect(mapNetwork(ENGINE, raw).configFrom).toBeNull();
      }
    });
  });

  describe("mapContainer", () => {
    it("copies identity, image, state and labels, and drops the name's leading slash", () => {
      for (const raw of recorded.inspects) {
        const summary = summaryOf(raw.Id);
        const container = mapContainer(ENGINE, raw, summary);
        expect(container).toMatchObject({
          engine: ENGINE,
          id: raw.Id,
          name: raw.Name.slice(1),
          image: raw.Config.Image,
          state: raw.State.Status,
          labels: raw.Config.Labels ?? {},
          hostname: raw.Config.Hostname,
          createdAt: raw.Created,
        });
        expect(container.name).not.toMatch(/^\//);
        expect(`/${container.name}`).toBe(summary?.Names?.[0]);
      }
    });

    it("takes the human status from the list summary, and falls back to the state", () => {
      const raw = rawInspect(recorded, "example-api");
      const summary = summaryOf(raw.Id);
      expect(summary?.Status).toMatch(/^Up /);
      expect(mapContainer(ENGINE, raw, summary).status).toBe(summary?.Status);
      expect(mapContainer(ENGINE, raw).status).toBe("running");
    });

    it("has startedAt for running containers and null for one never started", () => {
      const running = rawInspect(recorded, "example-api");
      expect(mapContainer(ENGINE, running).startedAt).toBe(running.State.StartedAt);
      const stopped = rawInspect(recorded, "example-stopped");
      expect(stopped.State.StartedAt).toBe("0001-01-01T00:00:00Z");
      expect(mapContainer(ENGINE, stopped)).toMatchObject({ state: "created", startedAt: null });
    });

    it("keeps user network, host and none modes as Docker reports them", () => {
      const modes = Object.fromEntries(
        recorded.inspects.map((raw) => [raw.Name.slice(1), mapContainer(ENGINE, raw).networkMode]),
      );
      expect(modes).toMatchObject({
        "example-proxy": "example-public",
        "example-db": "example-internal",
        "example-hostnet": "host",
        "example-isolated": "none",
      });
      for (const raw of recorded.inspects) {
        if (raw.Name === "/example-sidecar") continue;
        expect(mapContainer(ENGINE, raw)).toMatchObject({
          networkMode: raw.HostConfig.NetworkMode,
          sharesNetworkWith: null,
        });
      }
    });

    it("turns container:<id> into sharesNetworkWith, the id of example-api", () => {
      const sidecar = mapContainer(ENGINE, rawInspect(recorded, "example-sidecar"));
      const api = rawInspect(recorded, "example-api");
      expect(sidecar.networkMode).toBe(`container:${api.Id}`);
      expect(sidecar.sharesNetworkWith).toBe(api.Id);
    });

    it('normalises NetworkMode "default" (and a missing one) to "bridge"', () => {
      const raw = rawInspect(recorded, "example-worker");
      for (const mode of ["default", undefined]) {
        const container = mapContainer(ENGINE, {
          ...raw,
          HostConfig: { ...raw.HostConfig, NetworkMode: mode },
        });
        expect(container.networkMode).toBe("bridge");
        expect(container.sharesNetworkWith).toBeNull();
      }
    });

    it("publishes exactly the ports the container list reports", () => {
      for (const raw of recorded.inspects) {
        const listed = ((summaryOf(raw.Id) as { Ports?: RawListPort[] } | undefined)?.Ports ?? [])
          .filter((p) => p.PublicPort !== undefined)
          .map((p) => ({
            hostIp: p.IP,
            hostPort: p.PublicPort,
            containerPort: p.PrivatePort,
            protocol: p.Type,
          }));
        const published = mapContainer(ENGINE, raw).ports.filter((p) => p.hostPort !== null);
        expect(published).toEqual(listed);
      }
    });

    it("maps the proxy's -p 127.0.0.1:8080:80", () => {
      expect(mapContainer(ENGINE, rawInspect(recorded, "example-proxy")).ports).toEqual([
        { hostIp: "127.0.0.1", hostPort: 8080, containerPort: 80, protocol: "tcp" },
      ]);
    });
  });

  describe("mapEndpoints", () => {
    it("has one endpoint per attached network, in network-name order, carrying engine and container", () => {
      for (const raw of recorded.inspects) {
        const endpoints = mapEndpoints(ENGINE, raw);
        const names = Object.keys(raw.NetworkSettings.Networks ?? {});
        expect(endpoints.map((e) => e.networkName)).toEqual([...names].sort());
        for (const e of endpoints) expect(e).toMatchObject({ engine: ENGINE, containerId: raw.Id });
      }
    });

    it("copies every field of Docker's endpoint settings, empty strings as null", () => {
      let seen = 0;
      for (const raw of recorded.inspects) {
        for (const endpoint of mapEndpoints(ENGINE, raw)) {
          const settings = raw.NetworkSettings.Networks?.[endpoint.networkName];
          if (!settings) throw new Error(`no settings for ${endpoint.networkName}`);
          seen++;
          expect(endpoint.id).toBe(settings.EndpointID || null);
          expect(endpoint.networkId).toBe(settings.NetworkID);
          expect(endpoint.ipv4Address).toBe(
            settings.IPAddress ? `${settings.IPAddress}/${settings.IPPrefixLen}` : null,
          );
          expect(endpoint.ipv6Address).toBe(
            settings.GlobalIPv6Address
              ? `${settings.GlobalIPv6Address}/${settings.GlobalIPv6PrefixLen}`
              : null,
          );
          expect(endpoint.macAddress).toBe(settings.MacAddress || null);
          expect(endpoint.gateway).toBe(settings.Gateway || null);
          expect(endpoint.ipv6Gateway).toBe(settings.IPv6Gateway || null);
          expect(endpoint.aliases).toEqual(settings.Aliases ?? null);
          expect(endpoint.links).toEqual(settings.Links ?? null);
        }
      }
      expect(seen).toBe(10);
    });

    it("points every running endpoint at the network of that name", () => {
      for (const raw of recorded.inspects) {
        for (const endpoint of mapEndpoints(ENGINE, raw)) {
          if (raw.State.Status !== "running") continue;
          expect(rawNetwork(recorded, endpoint.networkName).Id).toBe(endpoint.networkId);
        }
      }
    });

    it("gives the static IP of example-db on example-data and its IPAM config", () => {
      const [data] = mapEndpoints(ENGINE, rawInspect(recorded, "example-db")).filter(
        (e) => e.networkName === "example-data",
      );
      expect(data?.ipv4Address).toBe("10.90.3.10/24");
      expect(data?.ipamConfig).toEqual({ ipv4Address: "10.90.3.10", ipv6Address: null, linkLocalIps: [] });
      expect(data?.networkId).toBe(rawNetwork(recorded, "example-data").Id);
    });

    it("keeps an empty IPAMConfig as an empty config and a null one as null", () => {
      const api = rawInspect(recorded, "example-api");
      expect(api.NetworkSettings.Networks?.["example-internal"]?.IPAMConfig).toEqual({});
      expect(api.NetworkSettings.Networks?.["example-public"]?.IPAMConfig).toBeNull();
      const byNetwork = Object.fromEntries(mapEndpoints(ENGINE, api).map((e) => [e.networkName, e]));
      expect(byNetwork["example-internal"]?.ipamConfig).toEqual({
        ipv4Address: null,
        ipv6Address: null,
        linkLocalIps: [],
      });
      expect(byNetwork["example-public"]?.ipamConfig).toBeNull();
    });

    it("attaches the host-mode container to the host network without addresses", () => {
      const endpoints = mapEndpoints(ENGINE, rawInspect(recorded, "example-hostnet"));
      expect(endpoints).toHaveLength(1);
      expect(endpoints[0]).toMatchObject({
        networkName: "host",
        networkId: rawNetwork(recorded, "host").Id,
        ipv4Address: null,
        macAddress: null,
        gateway: null,
        aliases: null,
      });
      expect(endpoints[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    });

    it("attaches the none-mode container to the none network without addresses", () => {
      const endpoints = mapEndpoints(ENGINE, rawInspect(recorded, "example-isolated"));
      expect(endpoints).toHaveLength(1);
      expect(endpoints[0]).toMatchObject({
        networkName: "none",
        networkId: rawNetwork(recorded, "none").Id,
        ipv4Address: null,
      });
    });

    it("gives the container sharing another's stack no endpoint of its own", () => {
      expect(mapEndpoints(ENGINE, rawInspect(recorded, "example-sidecar"))).toEqual([]);
    });

    it("gives the never-started container a configured endpoint: no id, no addresses, known by name", () => {
      const raw = rawInspect(recorded, "example-stopped");
      expect(mapEndpoints(ENGINE, raw)).toEqual([
        {
          engine: ENGINE,
          id: null,
          networkId: "",
          networkName: "example-internal",
          containerId: raw.Id,
          ipv4Address: null,
          ipv6Address: null,
          macAddress: null,
          gateway: null,
          ipv6Gateway: null,
          aliases: null,
          dnsNames: null,
          ipamConfig: null,
          links: null,
        },
      ]);
    });

    it("keeps the user's aliases of each seeded attachment", () => {
      const aliasesOf = (name: string, network: string) =>
        mapEndpoints(ENGINE, rawInspect(recorded, name)).find((e) => e.networkName === network)?.aliases;
      expect(aliasesOf("example-proxy", "example-public")).toContain("www");
      expect(aliasesOf("example-api", "example-public")).toContain("api");
      expect(aliasesOf("example-api", "example-internal")).toContain("api");
      expect(aliasesOf("example-db", "example-data")).toContain("db");
      expect(aliasesOf("example-cache", "example-data")).toContain("cache");
    });
  });
});

/** The container list's port entry (GET /containers/json), which lib/docker/raw.ts does not need. */
interface RawListPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

describe("what differs between Docker 20.10 and 26.1", () => {
  const old = loadFixture("20.10");
  const current = loadFixture("26.1");
  const running = (recorded: typeof old) =>
    recorded.inspects.flatMap((raw) =>
      mapEndpoints(ENGINE, raw)
        .filter((e) => e.id !== null && e.networkName.startsWith("example-"))
        .map((e) => ({ raw, endpoint: e })),
    );

  it("20.10 adds the short id to the aliases of every user-network endpoint", () => {
    const endpoints = running(old);
    expect(endpoints.length).toBeGreaterThan(0);
    for (const { raw, endpoint } of endpoints) expect(endpoint.aliases).toContain(raw.Id.slice(0, 12));
  });

  it("26.1 does not, and the worker without --network-alias has no aliases", () => {
    for (const { raw, endpoint } of running(current)) {
      expect(endpoint.aliases ?? []).not.toContain(raw.Id.slice(0, 12));
    }
    expect(mapEndpoints(ENGINE, rawInspect(current, "example-worker"))[0]?.aliases).toBeNull();
    expect(mapEndpoints(ENGINE, rawInspect(old, "example-worker"))[0]?.aliases).toEqual([
      rawInspect(old, "example-worker").Id.slice(0, 12),
    ]);
  });

  it("26.1 reports DNSNames (name, aliases, short id), kept exactly", () => {
    const endpoints = running(current);
    expect(endpoints.length).toBeGreaterThan(0);
    for (const { raw, endpoint } of endpoints) {
      const settings = raw.NetworkSettings.Networks?.[endpoint.networkName];
      expect(endpoint.dnsNames).toEqual(settings?.DNSNames);
      expect(endpoint.dnsNames).toContain(raw.Name.slice(1));
      expect(endpoint.dnsNames).toContain(raw.Id.slice(0, 12));
    }
  });

  it("20.10 reports no DNSNames: null on every endpoint", () => {
    const all = old.inspects.flatMap((raw) => mapEndpoints(ENGINE, raw));
    expect(all.length).toBeGreaterThan(0);
    for (const endpoint of all) expect(endpoint.dnsNames).toBeNull();
  });
});

describe("mapPorts", () => {
  it("answers no ports for a missing or empty map", () => {
    expect(mapPorts(undefined)).toEqual([]);
    expect(mapPorts(null)).toEqual([]);
    expect(mapPorts({})).toEqual([]);
  });

  it("lists an exposed, unpublished port without host side", () => {
    expect(mapPorts({ "9000/tcp": null, "53/udp": [] })).toEqual([
      { hostIp: null, hostPort: null, containerPort: 53, protocol: "udp" },
      { hostIp: null, hostPort: null, containerPort: 9000, protocol: "tcp" },
    ]);
  });

  it("lists each binding of a port, IPv4 and IPv6, sorted by port then protocol", () => {
    const ports = mapPorts({
      "443/tcp": [{ HostIp: "0.0.0.0", HostPort: "8443" }],
      "80/udp": [{ HostIp: "0.0.0.0", HostPort: "8080" }],
      "80/tcp": [
        { HostIp: "0.0.0.0", HostPort: "8080" },
        { HostIp: "::", HostPort: "8080" },
      ],
    });
    expect(ports.map((p) => `${p.containerPort}/${p.protocol}`)).toEqual([
      "80/tcp",
      "80/tcp",
      "80/udp",
      "443/tcp",
    ]);
    expect(ports.slice(0, 2)).toEqual(
      expect.arrayContaining([
        { hostIp: "0.0.0.0", hostPort: 8080, containerPort: 80, protocol: "tcp" },
        { hostIp: "::", hostPort: 8080, containerPort: 80, protocol: "tcp" },
      ]),
    );
    expect(ports[3]).toEqual({ hostIp: "0.0.0.0", hostPort: 8443, containerPort: 443, protocol: "tcp" });
  });

  it("orders bindings the same whatever order Docker lists them in", () => {
    const a = { HostIp: "0.0.0.0", HostPort: "8080" };
    const b = { HostIp: "::", HostPort: "8080" };
    const c = { HostIp: "127.0.0.1", HostPort: "9090" };
    expect(mapPorts({ "80/tcp": [a, b, c] })).toEqual(mapPorts({ "80/tcp": [c, b, a] }));
  });

  it("turns Docker's empty host address and port into null", () => {
    expect(mapPorts({ "80/tcp": [{ HostIp: "", HostPort: "" }] })).toEqual([
      { hostIp: null, hostPort: null, containerPort: 80, protocol: "tcp" },
    ]);
  });

  it("assumes tcp when the key has no protocol", () => {
    expect(mapPorts({ "8125": null })).toEqual([
      { hostIp: null, hostPort: null, containerPort: 8125, protocol: "tcp" },
    ]);
  });
});

describe("normaliseNetworkMode", () => {
  it.each([
    ["default", "bridge"],
    [undefined, "bridge"],
    ["", "bridge"],
    ["bridge", "bridge"],
    ["host", "host"],
    ["none", "none"],
    ["container:abc", "container:abc"],
    ["example-public", "example-public"],
  ])("%j → %j", (mode, expected) => {
    expect(normaliseNetworkMode(mode)).toBe(expected);
  });
});

describe("mapEndpoint", () => {
  it("writes an IPv6 address with its prefix and keeps link-local IPs", () => {
    const endpoint = mapEndpoint(ENGINE, "c1", "v6net", {
      NetworkID: "n1",
      EndpointID: "e1",
      GlobalIPv6Address: "fd00:1::3",
      GlobalIPv6PrefixLen: 64,
      IPv6Gateway: "fd00:1::1",
      IPAMConfig: { IPv6Address: "fd00:1::3", LinkLocalIPs: ["169.254.7.7"] },
    });
    expect(endpoint).toMatchObject({
      ipv4Address: null,
      ipv6Address: "fd00:1::3/64",
      ipv6Gateway: "fd00:1::1",
      ipamConfig: { ipv4Address: null, ipv6Address: "fd00:1::3", linkLocalIps: ["169.254.7.7"] },
    });
  });
});
