// Managing networks on a real engine: create with the options docker network create has, connect with
// aliases and static addresses, disconnect, each checked with docker inspect afterwards; bad input refused
// by field with the engine unchanged; 20 simultaneous creates of one name make one network.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as connectTo } from "@/app/api/networks/[id]/connect/route";
import { POST as disconnectFrom } from "@/app/api/networks/[id]/disconnect/route";
import { POST as createNetwork } from "@/app/api/networks/route";
import { POST as pruneNetworks, GET as prunePreview } from "@/app/api/networks-prune/route";
import { POST as removeNetworks } from "@/app/api/networks-remove/route";
import type { ApiErrorBody, NetworkDto } from "@/lib/api/types";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, inspect, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, useIdentities } from "@/lib/testing/routes";

let t: TestObjects;
let ids: TestIdentities;
let label: Record<string, string>;

/** Every network and every container's attachments: what a refused change must leave exactly as it was. */
const engineState = () =>
  [
    docker(["network", "ls", "--format", "{{.ID}} {{.Name}}"]),
    docker(["ps", "-a", "--format", "{{.ID}} {{.Networks}}"])
      .split("\n")
      .map((line) => {
        const [id, nets = ""] = line.split(" ");
        return `${id} ${nets.split(",").sort().join(",")}`;
      })
      .join("\n"),
  ].join("\n");

const create = (body: unknown) =>
  call<{ network: NetworkDto; command: string } & ApiErrorBody>(
    createNetwork,
    "/api/networks",
    {},
    {
      method: "POST",
      as: "operator",
      body,
    },
  );

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
  label = { "netatlas.test": t.label.split("=")[1] as string };
});

afterAll(() => {
  t?.cleanup();
  ids?.cleanup();
});

interface RawNet {
  Internal: boolean;
  EnableIPv6: boolean;
  Options: Record<string, string>;
  Labels: Record<string, string>;
  ConfigOnly: boolean;
  ConfigFrom: { Network: string };
  IPAM: {
    Config: Array<{
      Subnet: string;
      IPRange?: string;
      Gateway?: string;
      AuxiliaryAddresses?: Record<string, string>;
    }>;
  };
}

describe("POST /api/networks with options", () => {
  it("creates a bridge with pools, IPv6, options and labels exactly as docker inspect shows", async () => {
    const name = t.name("full");
    const answer = await create({
      name,
      internal: true,
      ipv6: true,
      pools: [
        {
          subnet: "10.131.0.0/24",
          ipRange: "10.131.0.128/25",
          gateway: "10.131.0.1",
          auxAddresses: { router: "10.131.0.2" },
        },
        { subnet: "fd00:131::/64", gateway: "fd00:131::1" },
      ],
      options: {
        "com.docker.network.bridge.name": "na-full",
        "com.docker.network.bridge.enable_icc": "false",
        "com.docker.network.driver.mtu": "1400",
        "com.docker.network.bridge.host_binding_ipv4": "127.0.0.1",
      },
      labels: label,
    });
    expect(answer.status).toBe(201);
    const raw = inspect<RawNet>("network", name);
    expect(raw.Internal).toBe(true);
    expect(raw.EnableIPv6).toBe(true);
    expect(raw.IPAM.Config).toEqual([
      {
        Subnet: "10.131.0.0/24",
        IPRange: "10.131.0.128/25",
        Gateway: "10.131.0.1",
        AuxiliaryAddresses: { router: "10.131.0.2" },
      },
      { Subnet: "fd00:131::/64", Gateway: "fd00:131::1" },
    ]);
    expect(raw.Options).toMatchObject({
      "com.docker.network.bridge.name": "na-full",
      "com.docker.network.bridge.enable_icc": "false",
      "com.docker.network.driver.mtu": "1400",
    });
    expect(answer.body.command).toContain(
      "--subnet 10.131.0.0/24 --ip-range 10.131.0.128/25 --gateway 10.131.0.1",
    );
    expect(answer.body.command).toContain("--opt com.docker.network.driver.mtu=1400");
  });

  it("creates a config-only network and one that takes its config from it", async () => {
    const source = t.name("cfg");
    expect(
      (await create({ name: source, configOnly: true, pools: [{ subnet: "10.132.0.0/24" }], labels: label }))
        .status,
    ).toBe(201);
    const user = t.name("from-cfg");
    const refused = await create({ name: user, configFrom: source, labels: label });
    expect(refused.body.error.fields?.map((f) => f.field)).toEqual(["labels"]);
    // Docker takes no labels with --config-from, so this one is removed here rather than by label.
    const answer = await create({ name: user, configFrom: source });
    try {
      expect(answer.status).toBe(201);
      expect(inspect<RawNet>("network", source).ConfigOnly).toBe(true);
      expect(inspect<RawNet>("network", user).ConfigFrom.Network).toBe(source);
    } finally {
      docker(["network", "rm", user]);
    }
  });

  it("refuses bad input by field before Docker is asked, and leaves the engine as it was", async () => {
    const taken = t.network("taken", ["--subnet", "10.133.0.0/24"]);
    const cases: Array<{ body: unknown; field: string; says: RegExp }> = [
      {
        body: { name: t.name("a"), pools: [{ subnet: "10.134.0.1/24" }] },
        field: "pools.0.subnet",
        says: /did you mean 10\.134\.0\.0\/24/,
      },
      {
        body: { name: t.name("b"), pools: [{ subnet: "10.134.0.0/24", gateway: "10.9.9.9" }] },
        field: "pools.0.gateway",
        says: /not inside/,
      },
      {
        body: { name: t.name("c"), pools: [{ subnet: "10.133.0.0/25" }] },
        field: "pools.0.subnet",
        says: new RegExp(taken),
      },
      {
        body: { name: t.name("d"), options: { "com.docker.network.bridge.nope": "1" } },
        field: "options.com.docker.network.bridge.nope",
        says: /advanced/,
      },
      {
        body: { name: t.name("e"), pools: [{ subnet: "not-a-cidr" }] },
        field: "pools.0.subnet",
        says: /CIDR/,
      },
      { body: { name: t.name("f"), ingress: true }, field: "ingress", says: /overlay/ },
    ];
    const before = engineState();
    for (const c of cases) {
      const answer = await create(c.body);
      expect({ status: answer.status, field: answer.body.error?.fields?.[0]?.field }).toEqual({
        status: 400,
        field: c.field,
      });
      expect(answer.body.error.fields?.[0]?.message).toMatch(c.says);
    }
    expect(engineState()).toEqual(before);
  });

  it("gives one network and nineteen 409s for twenty simultaneous creates of one name", async () => {
    const name = t.name("twenty");
    const answers = await Promise.all(Array.from({ length: 20 }, () => create({ name, labels: label })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(docker(["network", "ls", "-q", "--filter", `name=^${name}$`]).split("\n")).toHaveLength(1);
  });
});

describe("connect and disconnect", () => {
  it("connects with an alias, a static IPv4 and a link-local address, and refuses it twice", async () => {
    const net = t.network("conn", ["--subnet", "10.135.0.0/24"]);
    const box = t.run("box", []);
    const answer = await call<{ command: string } & ApiErrorBody>(
      connectTo,
      "/api/networks/x/connect",
      { id: net },
      {
        method: "POST",
        as: "operator",
        body: { container: box, aliases: ["api"], ipv4: "10.135.0.50", linkLocalIps: ["169.254.10.10"] },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.command).toBe(
      `docker network connect --alias api --ip 10.135.0.50 --link-local-ip 169.254.10.10 ${net} ${box}`,
    );
    const raw = inspect<{
      NetworkSettings: {
        Networks: Record<
          string,
          { IPAddress: string; Aliases: string[]; IPAMConfig: { LinkLocalIPs?: string[] } }
        >;
      };
    }>("container", box);
    const ep = raw.NetworkSettings.Networks[net];
    expect(ep?.IPAddress).toBe("10.135.0.50");
    expect(ep?.Aliases).toContain("api");
    expect(ep?.IPAMConfig.LinkLocalIPs).toEqual(["169.254.10.10"]);

    const again = await call<ApiErrorBody>(
      connectTo,
      "/api/networks/x/connect",
      { id: net },
      { method: "POST", as: "operator", body: { container: box } },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("already connected");
  });

  it("refuses a taken or outside address by field, naming the container that holds it", async () => {
    const net = t.network("ips", ["--subnet", "10.136.0.0/24"]);
    const holder = t.run("holder", ["--network", net, "--ip", "10.136.0.7"]);
    const other = t.run("other", []);
    const before = engineState();
    const taken = await call<ApiErrorBody>(
      connectTo,
      "/api/networks/x/connect",
      { id: net },
      { method: "POST", as: "operator", body: { container: other, ipv4: "10.136.0.7" } },
    );
    expect(taken.status).toBe(400);
    expect(taken.body.error.fields?.[0]).toEqual({
      field: "ipv4",
      message: `10.136.0.7 is taken by ${holder}.`,
    });
    const outside = await call<ApiErrorBody>(
      connectTo,
      "/api/networks/x/connect",
      { id: net },
      { method: "POST", as: "operator", body: { container: other, ipv4: "10.99.0.7" } },
    );
    expect(outside.body.error.fields?.[0]?.message).toContain("not inside 10.136.0.0/24");
    expect(engineState()).toEqual(before);
  });

  it("disconnects, and answers a clear 409 for a container that is not connected", async () => {
    const net = t.network("disc");
    const box = t.run("disc-box", ["--network", net]);
    const first = await call<{ command: string }>(
      disconnectFrom,
      "/api/networks/x/disconnect",
      { id: net },
      { method: "POST", as: "operator", body: { container: box } },
    );
    expect(first.status).toBe(200);
    expect(first.body.command).toBe(`docker network disconnect ${net} ${box}`);
    expect(
      Object.keys(
        inspect<{ NetworkSettings: { Networks: Record<string, unknown> } }>("container", box).NetworkSettings
          .Networks,
      ),
    ).not.toContain(net);
    const again = await call<ApiErrorBody>(
      disconnectFrom,
      "/api/networks/x/disconnect",
      { id: net },
      { method: "POST", as: "operator", body: { container: box } },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("not connected");
  });
});

describe("macvlan and ipvlan on the lab host's interface", () => {
  it("creates a macvlan and an ipvlan network on eth0 with their modes, as docker inspect shows", async () => {
    const mac = t.name("mac");
    const made = await create({
      name: mac,
      driver: "macvlan",
      pools: [{ subnet: "10.141.0.0/24", gateway: "10.141.0.1" }],
      options: { parent: "eth0", macvlan_mode: "bridge" },
      labels: label,
    });
    expect(made.status).toBe(201);
    expect(inspect<RawNet>("network", mac).Options).toEqual({ parent: "eth0", macvlan_mode: "bridge" });
    const ipv = t.name("ipv");
    const made2 = await create({
      name: ipv,
      driver: "ipvlan",
      pools: [{ subnet: "10.142.0.0/24" }],
      options: { parent: "eth0", ipvlan_mode: "l2" },
      labels: label,
    });
    expect(made2.status).toBe(201);
    expect(inspect<RawNet>("network", ipv).Options).toMatchObject({ parent: "eth0", ipvlan_mode: "l2" });
  });

  it("refuses a parent the engine's host does not have, naming the ones it has", async () => {
    const before = engineState();
    const answer = await create({
      name: t.name("nomac"),
      driver: "macvlan",
      options: { parent: "natest9" },
      labels: label,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields?.[0]?.field).toBe("options.parent");
    expect(answer.body.error.fields?.[0]?.message).toMatch(/no interface "natest9".*eth0/);
    expect(engineState()).toEqual(before);
  });
});

describe("bulk removal and prune", () => {
  type Report = { results: Array<{ ref: string; result: string; error: { code: string } | null }> };

  it("removes several networks and reports each, refusing the one in use without stopping", async () => {
    const a = t.network("bulk-a");
    const b = t.network("bulk-b");
    const busy = t.network("bulk-busy");
    t.run("bulk-user", ["--network", busy]);
    const answer = await call<Report>(
      removeNetworks,
      "/api/networks-remove",
      {},
      {
        method: "POST",
        as: "operator",
        body: { networks: [a, busy, b, "bridge"] },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r) => [r.ref, r.result, r.error?.code ?? null])).toEqual([
      [a, "removed", null],
      [busy, "failed", "conflict"],
      [b, "removed", null],
      ["bridge", "failed", "forbidden"],
    ]);
    expect(docker(["network", "ls", "-q", "--filter", `name=^${a}$`])).toBe("");
    expect(inspect("network", busy)).toBeTruthy();
  });

  it("previews exactly the unused networks and prunes only those still unused", async () => {
    const idle = t.network("idle");
    const joined = t.network("joined-later");
    const used = t.network("used");
    t.run("user", ["--network", used]);
    const preview = await call<{ networks: NetworkDto[] }>(prunePreview, "/api/networks-prune");
    const names = preview.body.networks.map((n) => n.name);
    expect(names).toContain(idle);
    expect(names).toContain(joined);
    expect(names).not.toContain(used);
    expect(names).not.toContain("bridge");
    // Between preview and prune a container joins one of them: it is skipped, not removed.
    t.run("late", ["--network", joined]);
    const answer = await call<Report>(
      pruneNetworks,
      "/api/networks-prune",
      {},
      {
        method: "POST",
        as: "operator",
        body: { networks: [idle, joined] },
      },
    );
    expect(answer.body.results.map((r) => [r.ref, r.result])).toEqual([
      [idle, "removed"],
      [joined, "failed"],
    ]);
    expect(inspect("network", joined)).toBeTruthy();
    expect(inspect("network", used)).toBeTruthy();
  });
});

describe("connect with IPv6 and links, disconnect with force", () => {
  it("connects with a static IPv6 address and a legacy link, as docker inspect shows", async () => {
    const net = t.network("v6", ["--ipv6", "--subnet", "10.143.0.0/24", "--subnet", "fd00:143::/64"]);
    const target = t.run("v6-target", ["--network", net]);
    const box = t.run("v6-box", []);
    const answer = await call<{ command: string } & ApiErrorBody>(
      connectTo,
      "/api/networks/x/connect",
      { id: net },
      {
        method: "POST",
        as: "operator",
        body: { container: box, ipv6: "fd00:143::50", links: [`${target}:db`] },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.command).toBe(
      `docker network connect --ip6 fd00:143::50 --link ${target}:db ${net} ${box}`,
    );
    const raw = inspect<{
      NetworkSettings: { Networks: Record<string, { GlobalIPv6Address: string; Links: string[] | null }> };
    }>("container", box);
    const ep = raw.NetworkSettings.Networks[net];
    expect(ep?.GlobalIPv6Address).toBe("fd00:143::50");
    expect(ep?.Links).toEqual([`${target}:db`]);
  });

  it("disconnects with force, as docker network disconnect --force does", async () => {
    const net = t.network("forced");
    const box = t.run("forced-box", ["--network", net]);
    const answer = await call<{ command: string }>(
      disconnectFrom,
      "/api/networks/x/disconnect",
      { id: net },
      {
        method: "POST",
        as: "operator",
        body: { container: box, force: true },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.command).toBe(`docker network disconnect --force ${net} ${box}`);
    expect(
      Object.keys(
        inspect<{ NetworkSettings: { Networks: Record<string, unknown> } }>("container", box).NetworkSettings
          .Networks,
      ),
    ).not.toContain(net);
  });
});
