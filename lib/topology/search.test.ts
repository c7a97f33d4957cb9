// Map search: containers, networks and swarm services found by what a person types (name, alias, DNS name,
// address, MAC, subnet, label, VIP), each hit naming what matched; exact matches first, then by name; limit.
import { describe, expect, it } from "vitest";
import {
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  swarmServiceDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { buildTopology } from "./build";
import { elementId } from "./model";
import { search, searchIndex } from "./search";

const app = networkDto({
  name: "app",
  labels: { "com.docker.compose.project": "shop" },
});
const data = networkDto({
  name: "data",
  ipam: {
    driver: "default",
    config: [{ subnet: "10.30.0.0/24", gateway: "10.30.0.1", ipRange: null, auxAddresses: {} }],
    options: {},
  },
});
const web = containerDto({ name: "web", hostname: "frontend", image: "nginx:1.27" });
const api = containerDto({
  name: "api",
  hostname: "api-host",
  image: "python:3.12",
  labels: { "com.example.team": "payments" },
});
const db = containerDto({ name: "db", hostname: "db", image: "postgres:16" });
const svc = swarmServiceDto({ name: "checkout", vips: [{ networkId: "ov", address: "10.0.9.5/24" }] });

const model = buildTopology(
  topologyOf({
    engines: [engineDto()],
    networks: [app, data],
    containers: [web, api, db],
    endpoints: [
      endpointDto(web, app, {
        ipv4Address: "172.20.0.2/16",
        macAddress: "02:42:ac:14:00:02",
        aliases: ["www"],
        dnsNames: ["web", "www"],
      }),
      endpointDto(api, app, {
        ipv4Address: "172.20.0.3/16",
        ipv6Address: "fd00:20::3/64",
        macAddress: "02:42:ac:14:00:03",
        aliases: ["backend"],
        dnsNames: ["api", "backend", "api.shop"],
      }),
      endpointDto(db, data, {
        ipv4Address: "10.30.0.7/24",
        macAddress: "02:42:0a:1e:00:07",
        aliases: null,
        dnsNames: ["db"],
      }),
    ],
    services: [svc],
  }),
);
const index = searchIndex(model);
const find = (query: string, limit?: number) => search(index, query, limit);
const container = (c: typeof web) => elementId.container(c.engine, c.id);

describe("search", () => {
  it.each([
    ["a name", "db", "db", "name db"],
    ["an alias", "www", "web", "alias www"],
    ["a DNS name", "api.shop", "api", "DNS name api.shop"],
    ["a hostname", "frontend", "web", "hostname frontend"],
    ["an IPv4 address", "172.20.0.3", "api", "IPv4 172.20.0.3"],
    ["an IPv6 address", "fd00:20::3", "api", "IPv6 fd00:20::3"],
    ["a MAC address", "02:42:ac:14:00:02", "web", "MAC 02:42:ac:14:00:02"],
    ["an image", "postgres:16", "db", "image postgres:16"],
    ["a label", "com.example.team=payments", "api", "label com.example.team=payments"],
  ])("finds a container by %s", (_what, query, name, matched) => {
    expect(find(query)[0]).toEqual({
      elementId: container(model.containers.find((c) => c.name === name) ?? web),
      kind: "container",
      name,
      matched,
    });
  });

  it("finds a network by name, subnet, gateway and label", () => {
    const dataHit = { elementId: elementId.network(data.engine, data.id), kind: "network", name: "data" };
    expect(find("10.30.0.0/24")).toEqual([{ ...dataHit, matched: "subnet 10.30.0.0/24" }]);
    expect(find("10.30.0.1")[0]).toEqual({ ...dataHit, matched: "gateway 10.30.0.1" });
    expect(find("compose.project=shop")).toEqual([
      {
        elementId: elementId.network(app.engine, app.id),
        kind: "network",
        name: "app",
        matched: "label com.docker.compose.project=shop",
      },
    ]);
  });

  it("finds a swarm service by name and by its VIP", () => {
    const hit = { elementId: elementId.service(svc.cluster, svc.id), kind: "service", name: "checkout" };
    expect(find("checkout")).toEqual([{ ...hit, matched: "service checkout" }]);
    expect(find("10.0.9.5")).toEqual([{ ...hit, matched: "VIP 10.0.9.5" }]);
  });

  it("ignores case and surrounding spaces, and keeps the value's own case in what matched", () => {
    expect(find("  WWW ")).toEqual([
      { elementId: container(web), kind: "container", name: "web", matched: "alias www" },
    ]);
    expect(find("02:42:AC:14:00:03")[0]?.matched).toBe("MAC 02:42:ac:14:00:03");
    expect(find("COM.EXAMPLE.TEAM")[0]?.name).toBe("api");
  });

  it("orders hits of equal rank by name", () => {
    // All start with the query: a container's name and a network's; two addresses and a subnet.
    expect(find("ap").map((h) => [h.name, h.matched])).toEqual([
      ["api", "name api"],
      ["app", "name app"],
    ]);
    expect(find("172.20.0.").map((h) => [h.name, h.matched])).toEqual([
      ["api", "IPv4 172.20.0.3"],
      ["app", "subnet 172.20.0.0/16"],
      ["web", "IPv4 172.20.0.2"],
    ]);
  });

  it("ranks the exact hit before prefix and inner hits of other elements", () => {
    const m = buildTopology(
      topologyOf({
        engines: [engineDto()],
        containers: [
          containerDto({ name: "my-redis", hostname: "h1" }),
          containerDto({ name: "redis-exporter", hostname: "h2" }),
          containerDto({ name: "redis", hostname: "h3" }),
        ],
      }),
    );
    expect(search(searchIndex(m), "redis").map((h) => h.name)).toEqual([
      "redis",
      "redis-exporter",
      "my-redis",
    ]);
  });

  it("answers one hit per element, with its best match", () => {
    // db matches by name, hostname and DNS name: one hit, with the first exact match.
    expect(find("db")).toEqual([
      { elementId: container(db), kind: "container", name: "db", matched: "name db" },
    ]);
  });

  it("answers nothing for an empty query or one that matches nothing", () => {
    expect(find("")).toEqual([]);
    expect(find("   ")).toEqual([]);
    expect(find("no-such-thing")).toEqual([]);
  });

  it("answers at most `limit` hits, 12 unless told", () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      containerDto({ name: `worker-${String(i).padStart(2, "0")}`, hostname: "w" }),
    );
    const m = searchIndex(buildTopology(topologyOf({ engines: [engineDto()], containers: many })));
    expect(search(m, "worker")).toHaveLength(12);
    expect(search(m, "worker", 3).map((h) => h.name)).toEqual(["worker-00", "worker-01", "worker-02"]);
    expect(search(m, "worker", 50)).toHaveLength(20);
  });
});
