// Our API against a real lab engine: every field of /api/topology and the detail routes equals what
// `docker inspect` says for networks and containers this test creates (run for Docker 26.1 and 20.10).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getContainer } from "@/app/api/containers/[id]/route";
import { GET as getContainers } from "@/app/api/containers/route";
import { GET as getHealth } from "@/app/api/health/route";
import { GET as getNetwork } from "@/app/api/networks/[id]/route";
import { GET as getNetworks } from "@/app/api/networks/route";
import { GET as getTopology } from "@/app/api/topology/route";
import type {
  ApiErrorBody,
  ContainerDetailDto,
  ContainerDto,
  EndpointDto,
  HealthDto,
  NetworkDetailDto,
  NetworkDto,
  TopologyDto,
} from "@/lib/api/types";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, inspect, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, useIdentities } from "@/lib/testing/routes";

// biome-ignore lint/suspicious/noExplicitAny: docker inspect JSON is compared field by field below
type Json = any;

const empty = (v: string | undefined | null) => (v ? v : null);

let t: TestObjects;
let topology: TopologyDto;
let names: Record<string, string>;

let ids: TestIdentities;

beforeAll(async () => {
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
  const front = t.network("front", [
    "--subnet",
    "10.123.1.0/24",
    "--gateway",
    "10.123.1.254",
    "--ip-range",
    "10.123.1.128/25",
    "--label",
    "tier=public",
    "-o",
    "com.docker.network.driver.mtu=1400",
    "--aux-address",
    "printer=10.123.1.5",
  ]);
  const back = t.network("back", ["--internal", "--subnet", "10.123.2.0/24"]);
  const dual = t.network("dual", ["--ipv6", "--subnet", "10.123.3.0/24", "--subnet", "fd00:123:3::/64"]);
  const web = t.run(
    "web",
    [
      "--network",
      front,
      "--network-alias",
      "api",
      "--network-alias",
      "www",
      "-p",
      "127.0.0.1:18080:80",
      "--expose",
      "9000/udp",
      "--label",
      "role=web",
    ],
    ["httpd", "-f", "-p", "80"],
  );
  docker(["network", "connect", "--ip", "10.123.2.50", "--alias", "db", back, web]);
  const worker = t.run("worker", ["--network", back]);
  const v6 = t.run("v6", ["--network", dual]);
  const hostnet = t.run("hostnet", ["--network", "host"]);
  const isolated = t.run("isolated", ["--network", "none"]);
  const sidecar = t.run("sidecar", ["--network", `container:${web}`]);
  const plain = t.run("plain", []);
  const created = t.name("created");
  docker([
    "create",
    "--name",
    created,
    "--label",
    t.label,
    "--network",
    front,
    "netatlas/busybox:latest",
    "true",
  ]);
  names = { front, back, dual, web, worker, v6, hostnet, isolated, sidecar, plain, created };
  const answer = await call<TopologyDto>(getTopology, "/api/topology");
  expect(answer.status).toBe(200);
  topology = answer.body;
}, 120_000);

afterAll(() => {
  t?.cleanup();
  ids?.cleanup();
});

function ours<T extends { name: string }>(list: T[]): T[] {
  return list.filter((x) => x.name.startsWith(t.prefix));
}

function expectNetworkMatchesDocker(n: NetworkDto): void {
  const d: Json = inspect("network", n.id);
  expect(n.id).toBe(d.Id);
  expect(n.name).toBe(d.Name);
  expect(n.driver).toBe(d.Driver);
  expect(n.scope).toBe(d.Scope);
  expect(n.internal).toBe(d.Internal);
  expect(n.attachable).toBe(d.Attachable);
  expect(n.ingress).toBe(d.Ingress);
  expect(n.enableIPv6).toBe(d.EnableIPv6);
  expect(n.createdAt).toBe(d.Created);
  expect(n.options).toEqual(d.Options ?? {});
  expect(n.labels).toEqual(d.Labels ?? {});
  expect(n.ipam.driver).toBe(d.IPAM.Driver);
  expect(n.ipam.config).toEqual(
    (d.IPAM.Config ?? []).map((c: Json) => ({
      subnet: empty(c.Subnet),
      gateway: empty(c.Gateway),
      ipRange: empty(c.IPRange),
      auxAddresses: c.AuxiliaryAddresses ?? {},
    })),
  );
}

/** Compares a container, and its endpoints (only those on `onlyNetwork` when given), with docker inspect. */
function expectContainerMatchesDocker(c: ContainerDto, endpoints: EndpointDto[], onlyNetwork?: string): void {
  const d: Json = inspect("container", c.id);
  expect(c.name).toBe(d.Name.replace(/^\//, ""));
  expect(c.image).toBe(d.Config.Image);
  expect(c.state).toBe(d.State.Status);
  expect(c.labels).toEqual(d.Config.Labels ?? {});
  expect(c.hostname).toBe(d.Config.Hostname);
  expect(c.createdAt).toBe(d.Created);
  const mode = d.HostConfig.NetworkMode === "default" ? "bridge" : d.HostConfig.NetworkMode;
  expect(c.networkMode).toBe(mode);
  const dockerPorts = Object.entries(d.NetworkSettings.Ports ?? {}).flatMap(
    ([key, bindings]: [string, Json]) => {
      const [port, protocol] = key.split("/");
      return bindings?.length
        ? bindings.map((b: Json) => `${b.HostIp}|${b.HostPort}|${port}|${protocol}`)
        : [`||${port}|${protocol}`];
    },
  );
  expect(
    c.ports.map((p) => `${p.hostIp ?? ""}|${p.hostPort ?? ""}|${p.containerPort}|${p.protocol}`).sort(),
  ).toEqual(dockerPorts.sort());
  const mine = endpoints.filter((e) => e.containerId === c.id);
  const dockerNetworks = (Object.entries(d.NetworkSettings.Networks ?? {}) as Array<[string, Json]>).filter(
    ([name]) => !onlyNetwork || name === onlyNetwork,
  );
  expect(mine.map((e) => e.networkName).sort()).toEqual(dockerNetworks.map(([name]) => name).sort());
  for (const [name, s] of dockerNetworks) {
    const e = mine.find((x) => x.networkName === name) as EndpointDto;
    expect(e.id).toBe(empty(s.EndpointID));
    expect(e.networkId).toBe(s.NetworkID);
    expect(e.ipv4Address).toBe(s.IPAddress ? `${s.IPAddress}/${s.IPPrefixLen}` : null);
    expect(e.ipv6Address).toBe(
      s.GlobalIPv6Address ? `${s.GlobalIPv6Address}/${s.GlobalIPv6PrefixLen}` : null,
    );
    expect(e.macAddress).toBe(empty(s.MacAddress));
    expect(e.gateway).toBe(empty(s.Gateway));
    expect(e.aliases).toEqual(s.Aliases ?? null);
    expect(e.dnsNames).toEqual(s.DNSNames ?? null);
    expect(e.ipamConfig?.ipv4Address ?? null).toBe(empty(s.IPAMConfig?.IPv4Address));
  }
}

describe("GET /api/topology", () => {
  it("reports the engine with its negotiated API version", () => {
    const [engine] = topology.engines;
    const server = JSON.parse(docker(["version", "--format", "{{json .Server}}"]));
    expect(topology.engines).toHaveLength(1);
    expect(engine?.status).toBe("up");
    expect(engine?.version).toBe(server.Version);
    expect(engine?.engineApiVersion).toBe(server.ApiVersion);
    expect(["1.41", "1.45"]).toContain(engine?.apiVersion);
  });

  it("has every test network with the fields docker network inspect gives", () => {
    const networks = ours(topology.networks);
    expect(networks.map((n) => n.name).sort()).toEqual([names.back, names.dual, names.front].sort());
    for (const n of networks) expectNetworkMatchesDocker(n);
    const front = networks.find((n) => n.name === names.front);
    expect(front?.ipam.config[0]).toMatchObject({
      subnet: "10.123.1.0/24",
      gateway: "10.123.1.254",
      ipRange: "10.123.1.128/25",
    });
    expect(front?.ipam.config[0]?.auxAddresses).toEqual({ printer: "10.123.1.5" });
    expect(front?.options["com.docker.network.driver.mtu"]).toBe("1400");
    expect(networks.find((n) => n.name === names.back)?.internal).toBe(true);
    expect(networks.find((n) => n.name === names.dual)?.enableIPv6).toBe(true);
  });

  it("marks Docker's own networks as system (a swarm member also has ingress and docker_gwbridge)", () => {
    const system = topology.networks
      .filter((n) => n.system)
      .map((n) => n.name)
      .sort();
    const inSwarm = docker(["info", "--format", "{{.Swarm.LocalNodeState}}"]) === "active";
    expect(system).toEqual(
      inSwarm ? ["bridge", "docker_gwbridge", "host", "ingress", "none"] : ["bridge", "host", "none"],
    );
  });

  it("has every test container and endpoint as docker inspect has them", () => {
    const containers = ours(topology.containers);
    expect(containers).toHaveLength(8);
    for (const c of containers) expectContainerMatchesDocker(c, topology.endpoints);
  });

  it("keeps aliases, static IPs, ports and network modes", () => {
    const byName = (n: string) => topology.containers.find((c) => c.name === n) as ContainerDto;
    const web = byName(names.web as string);
    const webOnBack = topology.endpoints.find(
      (e) => e.containerId === web.id && e.networkName === names.back,
    );
    expect(webOnBack?.ipv4Address).toBe("10.123.2.50/24");
    expect(webOnBack?.aliases).toContain("db");
    expect(web.ports).toContainEqual({
      hostIp: "127.0.0.1",
      hostPort: 18080,
      containerPort: 80,
      protocol: "tcp",
    });
    expect(web.ports).toContainEqual({ hostIp: null, hostPort: null, containerPort: 9000, protocol: "udp" });
    expect(byName(names.hostnet as string).networkMode).toBe("host");
    expect(byName(names.isolated as string).networkMode).toBe("none");
    expect(byName(names.plain as string).networkMode).toBe("bridge");
    expect(byName(names.sidecar as string).sharesNetworkWith).toBe(web.id);
    const created = byName(names.created as string);
    expect(created.state).toBe("created");
    const createdEndpoint = topology.endpoints.find((e) => e.containerId === created.id);
    expect(createdEndpoint).toMatchObject({ id: null, ipv4Address: null, networkName: names.front });
    const v6 = topology.endpoints.find((e) => e.containerId === byName(names.v6 as string).id);
    expect(v6?.ipv6Address).toMatch(/^fd00:123:3::[0-9a-f]+\/64$/);
  });
});

describe("detail routes", () => {
  it("GET /api/networks lists the same networks as the topology", async () => {
    const answer = await call<{ networks: NetworkDto[] }>(getNetworks, "/api/networks");
    expect(answer.status).toBe(200);
    expect(ours(answer.body.networks)).toEqual(ours(topology.networks));
  });

  it("GET /api/networks/:id by name and by id gives the network with every container, stopped ones too", async () => {
    const byName = await call<NetworkDetailDto>(getNetwork, `/api/networks/${names.front}`, {
      id: names.front as string,
    });
    expect(byName.status).toBe(200);
    expectNetworkMatchesDocker(byName.body.network);
    expect(byName.body.containers.map((c) => c.name).sort()).toEqual([names.created, names.web].sort());
    const byId = await call<NetworkDetailDto>(getNetwork, "/api/networks/x", { id: byName.body.network.id });
    expect(byId.body.network).toEqual(byName.body.network);
    for (const c of byName.body.containers)
      expectContainerMatchesDocker(c, byName.body.endpoints, names.front);
  });

  it("GET /api/containers and /api/containers/:id agree with docker inspect", async () => {
    const list = await call<{ containers: ContainerDto[]; endpoints: EndpointDto[] }>(
      getContainers,
      "/api/containers",
    );
    expect(list.status).toBe(200);
    expect(ours(list.body.containers)).toHaveLength(8);
    const one = await call<ContainerDetailDto>(getContainer, "/api/containers/x", {
      id: names.web as string,
    });
    expect(one.status).toBe(200);
    expectContainerMatchesDocker(one.body.container, one.body.endpoints);
    expect(one.body.container.status).toMatch(/^Up /);
    expect(one.body.networks.map((n) => n.name).sort()).toEqual([names.back, names.front].sort());
  });

  it("answers 404 with Docker's message for an unknown object", async () => {
    const answer = await call<ApiErrorBody>(getNetwork, "/api/networks/x", { id: `${t.prefix}missing` });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("not_found");
    expect(answer.body.error.detail).toMatch(/not found/i);
    const container = await call<ApiErrorBody>(getContainer, "/api/containers/x", {
      id: `${t.prefix}missing`,
    });
    expect(container.status).toBe(404);
    expect(container.body.error.detail).toMatch(/no such container/i);
  });

  it("answers 400 for a reference that cannot name an object, before asking Docker", async () => {
    const answer = await call<ApiErrorBody>(getNetwork, "/api/networks/x", { id: "../../etc" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("bad_request");
    const engine = await call<ApiErrorBody>(getContainer, "/api/containers/x?engine=NOT%20AN%20ID", {
      id: "abc",
    });
    expect(engine.status).toBe(400);
  });

  it("answers 404 for an engine that is not configured", async () => {
    const answer = await call<ApiErrorBody>(getContainer, "/api/containers/x?engine=nowhere", {
      id: names.web as string,
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toMatch(/No engine "nowhere"/);
  });

  it("GET /api/health reports the engine's version, OS and swarm state", async () => {
    const answer = await call<HealthDto>(getHealth, "/api/health");
    expect(answer.status).toBe(200);
    const info = JSON.parse(docker(["info", "--format", "{{json .}}"]));
    expect(answer.body.status).toBe("ok");
    expect(answer.body.engines[0]).toMatchObject({
      status: "up",
      os: info.OSType,
      hostname: info.Name,
      swarm: { state: info.Swarm.LocalNodeState },
    });
  });
});
