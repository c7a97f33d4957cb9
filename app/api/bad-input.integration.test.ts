// Bad input to every network-changing route, as one table: each case is refused with the right status, error
// code and a message or field that says what is wrong, and the engine's networks and every container's
// attachments are exactly as they were (a refusal must never leave a half-done change).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as connectTo } from "@/app/api/networks/[id]/connect/route";
import { POST as disconnectFrom } from "@/app/api/networks/[id]/disconnect/route";
import { DELETE as removeNetwork } from "@/app/api/networks/[id]/route";
import { POST as createNetwork } from "@/app/api/networks/route";
import { POST as pruneNetworks } from "@/app/api/networks-prune/route";
import { POST as removeNetworks } from "@/app/api/networks-remove/route";
import type { RemovalReport } from "@/lib/api/networks";
import type { ApiErrorBody, ApiErrorDetail } from "@/lib/api/types";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, inspect, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { type Answer, call, useIdentities } from "@/lib/testing/routes";

let t: TestObjects;
let ids: TestIdentities;

/** The objects the cases aim at, made once before them. */
interface Fixtures {
  /** Labels that let clean-up find a network a faulty refusal would have created. */
  labels: Record<string, string>;
  /** A network on 10.197.0.0/24, for overlap and duplicate-name cases. */
  taken: string;
  /** A network on 10.197.1.0/24 with `holder` on it at 10.197.1.7. */
  conn: string;
  holder: string;
  holderId: string;
  /** A container on the default bridge only. */
  loose: string;
  /** A network with `busyUser` on it. */
  busy: string;
  busyUser: string;
}

let f: Fixtures;

/** Every network, and every container's attachments (sorted: Docker lists them in no fixed order). */
const engineState = () => ({
  networks: docker(["network", "ls", "--format", "{{.ID}} {{.Name}}"]).split("\n").sort(),
  attachments: docker(["ps", "-a", "--format", "{{.ID}} {{.Networks}}"])
    .split("\n")
    .map((line) => {
      const [id, nets = ""] = line.split(" ");
      return `${id} ${nets.split(",").sort().join(",")}`;
    })
    .sort(),
});

type Reply = Answer<ApiErrorBody & { results?: RemovalReport[] }>;

const post = (
  handler: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>,
  network: string,
  body: unknown,
): Promise<Reply> =>
  call(handler, "/api/networks/x", { id: network }, { method: "POST", as: "operator", body });

const create = (body: unknown, headers?: Record<string, string>): Promise<Reply> =>
  call(createNetwork, "/api/networks", {}, { method: "POST", as: "operator", body, headers });

/** A create body with a fresh test name and the test label, plus what the case changes. */
const net = (suffix: string, extra: Record<string, unknown> = {}) => ({
  name: t.name(suffix),
  labels: f.labels,
  ...extra,
});

const connect = (network: string, body: unknown) => post(connectTo, network, body);
const disconnect = (network: string, body: unknown) => post(disconnectFrom, network, body);
const remove = (ref: string): Promise<Reply> =>
  call(removeNetwork, "/api/networks/x", { id: ref }, { method: "DELETE", as: "operator" });
const removeMany = (body: unknown): Promise<Reply> =>
  call(removeNetworks, "/api/networks-remove", {}, { method: "POST", as: "operator", body });
const prune = (body: unknown): Promise<Reply> =>
  call(pruneNetworks, "/api/networks-prune", {}, { method: "POST", as: "operator", body });

interface Case {
  name: string;
  send: () => Promise<Reply>;
  status: number;
  /** The error code; absent for a 200 whose items report the refusal (see `check`). */
  code?: ApiErrorDetail["code"];
  /** A distinctive part of error.message. */
  says?: RegExp | (() => RegExp);
  /** A field problem the answer must list: its path and a part of its message. */
  field?: [string, RegExp | (() => RegExp)];
  /** More to check on the answer. */
  check?: (answer: Reply) => void;
}

const re = (r: RegExp | (() => RegExp)) => (typeof r === "function" ? r() : r);
const literal = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

const cases: Case[] = [
  // ── the body itself ──
  {
    name: "create: malformed JSON",
    send: () => create('{"name": "natest-x",'),
    status: 400,
    code: "bad_request",
    says: /not valid JSON/,
  },
  {
    name: "create: a JSON array instead of an object",
    send: () => create([{ name: "natest-x" }]),
    status: 400,
    code: "bad_request",
    field: ["(body)", /expected object, received array/],
  },
  {
    name: "create: a body over 64 KiB",
    send: () => create(JSON.stringify({ name: "natest-x", labels: { big: "x".repeat(70 * 1024) } })),
    status: 413,
    code: "payload_too_large",
    says: /larger than 64 KiB/,
  },
  {
    name: "create: text/plain instead of JSON",
    send: () => create(JSON.stringify({ name: "natest-x" }), { "content-type": "text/plain" }),
    status: 415,
    code: "unsupported_media_type",
    says: /got "text\/plain"/,
  },
  // ── the schema ──
  {
    name: "create: name is a number",
    send: () => create(net("num", { name: 42 })),
    status: 400,
    code: "bad_request",
    field: ["name", /expected string, received number/],
  },
  {
    name: 'create: internal is "yes"',
    send: () => create(net("internal-yes", { internal: "yes" })),
    status: 400,
    code: "bad_request",
    field: ["internal", /expected boolean, received string/],
  },
  {
    name: "create: pools is a string",
    send: () => create(net("pools-string", { pools: "10.197.9.0/24" })),
    status: 400,
    code: "bad_request",
    field: ["pools", /expected array, received string/],
  },
  {
    name: "create: labels is an array",
    send: () => create(net("labels-array", { labels: ["a"] })),
    status: 400,
    code: "bad_request",
    field: ["labels", /expected record, received array/],
  },
  {
    name: "create: an unknown top-level field",
    send: () => create(net("unknown", { colour: "red" })),
    status: 400,
    code: "bad_request",
    field: ["(body)", /Unknown field\(s\): colour/],
  },
  {
    name: "create: an unknown field inside a pool",
    send: () => create(net("pool-unknown", { pools: [{ subnet: "10.197.9.0/24", mask: "255.255.255.0" }] })),
    status: 400,
    code: "bad_request",
    field: ["pools.0", /Unknown field\(s\): mask/],
  },
  {
    name: "create: an empty name",
    send: () => create(net("empty", { name: "" })),
    status: 400,
    code: "bad_request",
    field: ["name", /Name the network/],
  },
  ...["a b", "../x", "é", "-lead"].map(
    (name): Case => ({
      name: `create: name ${JSON.stringify(name)}`,
      send: () => create(net("odd", { name })),
      status: 400,
      code: "bad_request",
      field: ["name", /Letters, digits, and _ \. - only/],
    }),
  ),
  {
    name: "create: a name of 129 characters",
    send: () => create(net("long", { name: `natest-${"n".repeat(122)}` })),
    status: 400,
    code: "bad_request",
    field: ["name", /At most 128 characters/],
  },
  {
    name: "create: a driver with a space",
    send: () => create(net("driver", { driver: "my driver" })),
    status: 400,
    code: "bad_request",
    field: ["driver", /A driver name/],
  },
  // ── our checks against the engine's networks ──
  {
    name: "create: a subnet that is not CIDR",
    send: () => create(net("cidr", { pools: [{ subnet: "10.197.300.0/24" }] })),
    status: 400,
    code: "bad_request",
    field: ["pools.0.subnet", /is not a subnet in CIDR form/],
  },
  {
    name: "create: a subnet with host bits",
    send: () => create(net("hostbits", { pools: [{ subnet: "10.197.2.1/24" }] })),
    status: 400,
    code: "bad_request",
    field: ["pools.0.subnet", /host bits set; did you mean 10\.197\.2\.0\/24\?/],
  },
  {
    name: "create: a gateway outside its subnet",
    send: () => create(net("gw", { pools: [{ subnet: "10.197.3.0/24", gateway: "10.197.4.1" }] })),
    status: 400,
    code: "bad_request",
    field: ["pools.0.gateway", /10\.197\.4\.1 is not inside 10\.197\.3\.0\/24/],
  },
  {
    name: "create: an ip-range outside its subnet",
    send: () => create(net("range", { pools: [{ subnet: "10.197.3.0/24", ipRange: "10.197.4.0/25" }] })),
    status: 400,
    code: "bad_request",
    field: ["pools.0.ipRange", /10\.197\.4\.0\/25 is not inside 10\.197\.3\.0\/24/],
  },
  {
    name: "create: an aux address outside its subnet",
    send: () =>
      create(net("aux", { pools: [{ subnet: "10.197.3.0/24", auxAddresses: { router: "10.197.4.2" } }] })),
    status: 400,
    code: "bad_request",
    field: ["pools.0.auxAddresses.router", /10\.197\.4\.2 is not inside 10\.197\.3\.0\/24/],
  },
  {
    name: "create: an IPv6 subnet without ipv6",
    send: () => create(net("v6", { pools: [{ subnet: "fd00:197::/64" }] })),
    status: 400,
    code: "bad_request",
    field: ["pools.0.subnet", /needs IPv6 switched on/],
  },
  {
    name: "create: two pools that overlap each other",
    send: () =>
      create(net("two-pools", { pools: [{ subnet: "10.197.5.0/24" }, { subnet: "10.197.5.128/25" }] })),
    status: 400,
    code: "bad_request",
    field: ["pools.1.subnet", /10\.197\.5\.128\/25 overlaps pool 1 of this request/],
  },
  {
    name: "create: a pool that overlaps an existing network, named",
    send: () => create(net("overlap", { pools: [{ subnet: "10.197.0.128/25" }] })),
    status: 400,
    code: "bad_request",
    field: ["pools.0.subnet", () => literal(`overlaps 10.197.0.0/24 of network "${f.taken}"`)],
  },
  {
    name: "create: an unknown bridge option without advanced",
    send: () => create(net("opt", { options: { "com.docker.network.bridge.nope": "1" } })),
    status: 400,
    code: "bad_request",
    field: ["options.com.docker.network.bridge.nope", /Unknown bridge option.*tick "advanced"/],
  },
  ...["67", "65536", "1e3"].map(
    (mtu): Case => ({
      name: `create: mtu ${mtu}`,
      send: () => create(net("mtu", { options: { "com.docker.network.driver.mtu": mtu } })),
      status: 400,
      code: "bad_request",
      field: ["options.com.docker.network.driver.mtu", /A whole number from 68 to 65535/],
    }),
  ),
  {
    name: "create: macvlan on a parent the engine's host does not have",
    send: () => create(net("macvlan", { driver: "macvlan", options: { parent: "natest0" } })),
    status: 400,
    code: "bad_request",
    field: ["options.parent", /no interface "natest0" \(it has .*eth0/],
  },
  {
    name: "create: a name that is taken",
    send: () => create(net("dup", { name: f.taken })),
    status: 409,
    code: "conflict",
    says: () => literal(`A network named "${f.taken}" already exists`),
  },
  // ── connect ──
  {
    name: "connect: a container that does not exist",
    send: () => connect(f.conn, { container: t.name("ghost") }),
    status: 404,
    code: "not_found",
    says: /ghost/,
  },
  {
    name: "connect: a container ref with odd characters",
    // "../containers/x" must not reach Docker: its router cleans the path and answers 301.
    send: () => connect(f.conn, { container: "../containers/x" }),
    status: 400,
    code: "bad_request",
    field: ["container", /container id or name/],
  },
  {
    name: "connect: a network ref with odd characters",
    send: () => connect("a b", { container: f.loose }),
    status: 400,
    code: "bad_request",
    says: /"a b" is not a valid network id or name/,
  },
  {
    name: "connect: a static IPv4 outside the network's pool",
    send: () => connect(f.conn, { container: f.loose, ipv4: "10.197.99.7" }),
    status: 400,
    code: "bad_request",
    field: ["ipv4", /10\.197\.99\.7 is not inside 10\.197\.1\.0\/24/],
  },
  {
    name: "connect: a static IPv4 another container holds",
    send: () => connect(f.conn, { container: f.loose, ipv4: "10.197.1.7" }),
    status: 400,
    code: "bad_request",
    field: ["ipv4", () => literal(`10.197.1.7 is taken by ${f.holder}`)],
  },
  {
    name: "connect: an IPv4 that is not an address",
    send: () => connect(f.conn, { container: f.loose, ipv4: "10.197.1.300" }),
    status: 400,
    code: "bad_request",
    field: ["ipv4", /"10\.197\.1\.300" is not an IPv4 address/],
  },
  {
    name: "connect: an IPv6 address given as ipv4",
    send: () => connect(f.conn, { container: f.loose, ipv4: "fd00::7" }),
    status: 400,
    code: "bad_request",
    field: ["ipv4", /"fd00::7" is not an IPv4 address/],
  },
  {
    name: "connect: an alias that is not a DNS name",
    send: () => connect(f.conn, { container: f.loose, aliases: ["no spaces"] }),
    status: 400,
    code: "bad_request",
    field: ["aliases.0", /A DNS name/],
  },
  {
    name: "connect: a container already connected",
    send: () => connect(f.conn, { container: f.holder }),
    status: 409,
    code: "conflict",
    says: () => literal(`${f.holder} is already connected to ${f.conn}`),
  },
  // ── disconnect ──
  {
    name: "disconnect: a container that is not connected",
    send: () => disconnect(f.conn, { container: f.loose }),
    status: 409,
    code: "conflict",
    says: () => literal(`${f.loose} is not connected to ${f.conn}`),
  },
  {
    name: "disconnect: a container ref with odd characters",
    send: () => disconnect(f.conn, { container: ".." }),
    status: 400,
    code: "bad_request",
    field: ["container", /container id or name/],
  },
  {
    name: "disconnect: force that is not a boolean",
    send: () => disconnect(f.conn, { container: f.holder, force: "yes" }),
    status: 400,
    code: "bad_request",
    field: ["force", /expected boolean/],
  },
  {
    name: "disconnect: a network that does not exist",
    send: () => disconnect(t.name("no-such-net"), { container: f.holder }),
    status: 404,
    code: "not_found",
    says: /no-such-net/,
  },
  // ── remove one ──
  {
    name: 'DELETE: Docker\'s own "bridge"',
    send: () => remove("bridge"),
    status: 403,
    code: "forbidden",
    says: /"bridge" is one of Docker's own networks/,
  },
  {
    name: "DELETE: a container's id given as the network",
    send: () => remove(f.holderId),
    status: 404,
    code: "not_found",
  },
  {
    name: "DELETE: a network in use, naming its container",
    send: () => remove(f.busy),
    status: 409,
    code: "conflict",
    says: () => literal(`in use by 1 container (${f.busyUser})`),
  },
  {
    name: "DELETE: a ref with odd characters",
    send: () => remove("../bridge"),
    status: 400,
    code: "bad_request",
    says: /"\.\.\/bridge" is not a valid network id or name/,
  },
  // ── remove several, prune ──
  {
    name: "networks-remove: an empty list",
    send: () => removeMany({ networks: [] }),
    status: 400,
    code: "bad_request",
    field: ["networks", /Name at least one network/],
  },
  {
    name: "networks-remove: 101 networks",
    send: () => removeMany({ networks: Array.from({ length: 101 }, (_, i) => t.name(`many-${i}`)) }),
    status: 400,
    code: "bad_request",
    field: ["networks", /At most 100 networks at once/],
  },
  {
    name: "networks-remove: an entry with odd characters",
    send: () => removeMany({ networks: [f.busy, "../x"] }),
    status: 400,
    code: "bad_request",
    field: ["networks.1", /A network id or name/],
  },
  {
    name: "networks-prune: a network in use is reported failed, and stays",
    send: () => prune({ networks: [f.busy] }),
    status: 200,
    check: (answer) => {
      expect(answer.body.results).toEqual([
        {
          ref: f.busy,
          name: null,
          result: "failed",
          error: expect.objectContaining({ code: "conflict", message: expect.stringContaining(f.busy) }),
        },
      ]);
      expect(inspect<{ Name: string }>("network", f.busy).Name).toBe(f.busy);
    },
  },
];

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  t = testObjects();
  ids = await testIdentities();
  useIdentities(ids);
  const taken = t.network("taken", ["--subnet", "10.197.0.0/24"]);
  const conn = t.network("conn", ["--subnet", "10.197.1.0/24"]);
  const holder = t.run("holder", ["--network", conn, "--ip", "10.197.1.7"]);
  const busy = t.network("busy");
  f = {
    labels: { "netatlas.test": t.label.split("=")[1] as string },
    taken,
    conn,
    holder,
    holderId: inspect<{ Id: string }>("container", holder).Id,
    loose: t.run("loose", []),
    busy,
    busyUser: t.run("busy-user", ["--network", busy]),
  };
});

afterAll(() => {
  t?.cleanup();
  ids?.cleanup();
});

describe("bad input to the network routes is refused, and the engine is left as it was", () => {
  it("has at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const before = engineState();
      const answer = await c.send();
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({
        status: c.status,
        code: c.code,
      });
      if (c.says) expect(answer.body.error.message).toMatch(re(c.says));
      if (c.field) {
        const [field, says] = c.field;
        expect(answer.body.error.fields).toContainEqual({ field, message: expect.stringMatching(re(says)) });
      }
      c.check?.(answer);
      expect(engineState()).toEqual(before);
    });
  }
});
