// Reach and names, proven with real packets (run for Docker 26.1 and 20.10): on a scenario that exercises every
// reason the model knows (lib/testing/reach-scenario.ts), for every ordered pair of containers and every way the
// model lists from A to B, a ping and a TCP connect from inside A agree with the model's verdict for that probe;
// every name the model says A can use resolves with nslookup inside A to exactly the model's addresses, and the
// names it says A cannot use do not resolve; /etc/hosts and resolv.conf hold what the model says; the outside
// (a namespace linked to the engine's host) reaches exactly the published ports the model says, and each
// container gets out exactly when the model says. The agreement tables are printed; anything under 100 % fails.
// Then the routes: GET /api/reach (matrix and pair), /api/dns and /api/findings answer from the same model, and
// bad input gets clear errors, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getDns } from "@/app/api/dns/route";
import { GET as getFindings } from "@/app/api/findings/route";
import { GET as getReach } from "@/app/api/reach/route";
import { containerDns, hostsFile, namesFrom, networkRecords } from "@/lib/analysis/dns";
import { pairVerdict, probeRoutes } from "@/lib/analysis/reach";
import type { Probe, RouteCore } from "@/lib/analysis/reach-rules";
import type { AnalysisIndex } from "@/lib/analysis/stacks";
import type { FindingsDto, NetworkDnsDto, ReachMatrixDto, ReachPairDto } from "@/lib/api/reach";
import type { ApiErrorBody, ContainerDto } from "@/lib/api/types";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { analysisContext } from "@/lib/live/analysis";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker } from "@/lib/testing/docker-cli";
import {
  buildReachScenario,
  connectFrom,
  execIn,
  inGroups,
  lookUpAll,
  type ReachScenario,
} from "@/lib/testing/reach-scenario";
import { recordReach } from "@/lib/testing/record-reach";
import { call, useIdentities } from "@/lib/testing/routes";

let s: ReachScenario;
let ix: AnalysisIndex;
let ids: TestIdentities;
const byName = new Map<string, ContainerDto>();

interface Row {
  check: string;
  from: string;
  to: string;
  model: string;
  real: string;
  agree: boolean;
}
const rows: Row[] = [];

const short = (name: string) => (s ? name.replace(s.t.prefix, "") : name);

function record(
  check: string,
  from: string,
  to: string,
  model: boolean,
  real: boolean,
  modelText?: string,
): void {
  rows.push({
    check,
    from: short(from),
    to: short(to),
    model: modelText ?? (model ? "yes" : "no"),
    real: real ? "yes" : "no",
    agree: model === real,
  });
}

function table(title: string, filter: (r: Row) => boolean): { agree: number; total: number } {
  const list = rows.filter(filter);
  const agree = list.filter((r) => r.agree).length;
  const lines = list.map(
    (r) =>
      `${r.agree ? "✓" : "✗"} ${r.check.padEnd(22)} ${r.from.padEnd(10)} → ${r.to.padEnd(34)} model ${r.model.padEnd(8)} real ${r.real}`,
  );
  console.log(
    `\n${title}: ${agree}/${list.length} agree (${list.length ? ((100 * agree) / list.length).toFixed(1) : "100"} %)\n${lines.join("\n")}`,
  );
  return { agree, total: list.length };
}

/** The port B's program listens on (sidecar: 81 in api's namespace; hoster: its own port on the host). */
function listenPort(b: string): number {
  if (b === s.c.sidecar) return 81;
  if (b === s.c.hoster) return s.ports.hostStackPort;
  return 80;
}

/** One probe in a batch script: prints "R <id> 1" on success, "R <id> 0" otherwise. */
function pingJob(id: string, address: string): string {
  return `( ping -c1 -W1 ${address} >/dev/null 2>&1 && echo "R ${id} 1" || echo "R ${id} 0" ) &`;
}
function tcpJob(id: string, address: string, port: number): string {
  return `( nc -w1 ${address} ${port} -e true >/dev/null 2>&1 && echo "R ${id} 1" || echo "R ${id} 0" ) &`;
}

function runBatch(container: string, jobs: string[]): Map<string, boolean> {
  const out = execIn(container, inGroups(jobs));
  const result = new Map<string, boolean>();
  for (const m of out.matchAll(/^R (\S+) ([01])$/gm)) result.set(m[1] as string, m[2] === "1");
  return result;
}

const yes = (r: RouteCore) => r.verdict === "yes";

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  ids = await testIdentities();
  useIdentities(ids);
  s = buildReachScenario();
  ix = (await analysisContext()).ix;
  // npm run record-fixtures: the scenario, as the engine holds it, for the models' unit tests.
  const record = process.env.NETATLAS_RECORD_REACH;
  if (record) console.log(`recorded ${await recordReach(record, s)}`);
  for (const c of ix.model.containers) byName.set(c.name, c);
  for (const name of Object.values(s.c)) expect(byName.has(name), name).toBe(true);
}, 180_000);

afterAll(() => {
  s?.cleanup();
  ids?.cleanup();
});

describe("the reach model against real packets", () => {
  it("reads the engine host's firewall, with the scenario's two DOCKER-USER rules", () => {
    const facts = ix.facts("local");
    expect(facts?.unavailable).toBeNull();
    const ours =
      facts?.firewall?.dockerUser.filter((r) => r.text.includes(`natest-${s.t.prefix.split("-")[1]}`)) ?? [];
    expect(ours.map((r) => r.target).sort()).toEqual(["DROP", "REJECT"]);
  });

  it("agrees with ping and a TCP connect for every ordered pair and every way the model lists", () => {
    const all = Object.values(s.c);
    for (const a of s.sources) {
      const A = byName.get(a) as ContainerDto;
      const jobs: string[] = [];
      const expected: Array<{ id: string; check: string; to: string; route: RouteCore }> = [];
      for (const b of all) {
        if (b === a) continue;
        const B = byName.get(b) as ContainerDto;
        const probes: Array<[string, Probe]> = [
          ["ping", { protocol: "icmp" }],
          ["tcp", { protocol: "tcp", port: listenPort(b) }],
        ];
        for (const [kind, probe] of probes) {
          probeRoutes(ix, A, B, probe).forEach((route, i) => {
            const id = `${kind}-${expected.length}`;
            const [address, portText] =
              route.kind === "published" ? route.to.split(/:(?=\d+$)/) : [route.to, null];
            if (route.kind === "published" && kind === "ping") return;
            const target =
              address === "127.0.0.1" || route.kind !== "loopback" ? (address as string) : "127.0.0.1";
            jobs.push(
              kind === "ping"
                ? pingJob(id, target)
                : tcpJob(id, target, portText ? Number(portText) : listenPort(b)),
            );
            expected.push({ id, check: `${kind} ${route.kind}#${i}`, to: `${b} ${route.to}`, route });
          });
        }
      }
      const real = runBatch(a, jobs);
      for (const e of expected)
        record(e.check, a, e.to, yes(e.route), real.get(e.id) ?? false, e.route.verdict);
    }
    const { agree, total } = table(
      "Reach: model vs ping / TCP connect",
      (r) => r.check.startsWith("ping") || r.check.startsWith("tcp"),
    );
    expect(total).toBeGreaterThan(150);
    expect(agree).toBe(total);
  }, 300_000);

  it("gets out exactly when the model says, and the outside reaches exactly the published ports it says", () => {
    for (const a of s.sources) {
      const A = byName.get(a) as ContainerDto;
      const [route] = probeRoutes(ix, A, "outside", { protocol: "icmp" }, s.outside.address);
      const real = runBatch(a, [pingJob("out", s.outside.address)]).get("out") ?? false;
      record("ping outside", a, s.outside.address, route ? yes(route) : false, real, route?.verdict);
    }
    const web = byName.get(s.c.web) as ContainerDto;
    const inbound = probeRoutes(ix, "outside", web, { protocol: "tcp" });
    for (const port of [s.ports.anyPort, s.ports.loopbackPort]) {
      const route = inbound.find((r) => r.port?.number === port);
      const real = connectFrom(s.outside.netns, s.outside.engineAddress, port);
      record(
        "tcp from outside",
        "outside",
        `${s.c.web} :${port}`,
        route ? yes(route) : false,
        real,
        route?.verdict,
      );
    }
    // "Published on 127.0.0.1 only: just the engine's host itself can use it."
    record(
      "tcp from the host",
      "host",
      `${s.c.web} 127.0.0.1:${s.ports.loopbackPort}`,
      true,
      connectFrom(s.netns, "127.0.0.1", s.ports.loopbackPort),
    );
    const { agree, total } = table("Outside: model vs ping / TCP connect", (r) =>
      ["ping outside", "tcp from outside", "tcp from the host"].includes(r.check),
    );
    expect(total).toBe(s.sources.length + 3);
    expect(agree).toBe(total);
  }, 120_000);

  it("resolves every name the model lists to exactly its addresses, and nothing else", () => {
    // Every name of the scenario's networks, bare and qualified: what each container is asked about.
    const universe = new Set<string>();
    for (const n of ix.model.networks.filter((x) => x.name.startsWith(s.t.prefix)))
      for (const r of networkRecords(ix, n).values()) universe.add(r.name).add(`${r.name}.${n.name}`);
    for (const name of Object.values(s.c)) universe.add(name);
    for (const a of s.sources) {
      const A = byName.get(a) as ContainerDto;
      const dns = containerDns(ix, A);
      const resolv = execIn(a, "cat /etc/resolv.conf");
      const servers = [...resolv.matchAll(/^nameserver (\S+)/gm)].map((m) => m[1]);
      const embedded =
        dns.resolver.kind === "embedded" ||
        (dns.resolver.kind === "shared" && dns.resolver.nameservers[0] === "127.0.0.11");
      record("resolver", a, servers.join(","), embedded, servers.includes("127.0.0.11"), dns.resolver.kind);
      // /etc/hosts: --add-host entries and legacy links.
      const hosts = execIn(a, "cat /etc/hosts");
      for (const h of hostsFile(ix, A)) {
        const line = hosts.split("\n").find((l) => l.split(/\s+/).includes(h.name));
        rows.push({
          check: "/etc/hosts",
          from: short(a),
          to: short(h.name),
          model: h.addresses.join(" "),
          real: line?.split(/\s+/)[0] ?? "none",
          agree: line?.split(/\s+/)[0] === h.addresses[0],
        });
      }
      // Names are looked up only where the answer stays on this host: Docker's resolver, or a loopback one.
      if (!embedded && !servers.every((x) => x?.startsWith("127."))) continue;
      const listed = new Map(
        namesFrom(ix, A)
          .filter((x) => x.via === "dns")
          .map((x) => [x.name.toLowerCase(), x]),
      );
      const asked = [...new Set([...listed.keys(), ...universe])];
      const answers = lookUpAll((script) => execIn(a, script, 120_000), asked);
      asked.forEach((name) => {
        const want = [...(listed.get(name.toLowerCase())?.addresses ?? [])].sort();
        const got = answers.get(name) ?? [];
        rows.push({
          check: "nslookup",
          from: short(a),
          to: short(name),
          model: want.join(" ") || "none",
          real: got.join(" ") || "none",
          agree: want.join(" ") === got.join(" "),
        });
      });
    }
    const { agree, total } = table("Names: model vs nslookup, /etc/hosts and resolv.conf", (r) =>
      ["nslookup", "/etc/hosts", "resolver"].includes(r.check),
    );
    expect(rows.filter((r) => r.check === "nslookup" && r.model !== "none").length).toBeGreaterThan(60);
    expect(rows.filter((r) => r.check === "/etc/hosts").length).toBeGreaterThanOrEqual(4);
    expect(agree).toBe(total);
  }, 600_000);
});

describe("GET /api/reach, /api/dns, /api/findings", () => {
  it("answers the matrix with the model's verdict in every cell of the scenario's containers", async () => {
    const answer = await call<ReachMatrixDto>(getReach, `/api/reach?network=${s.n.app}&group=off`);
    expect(answer.status).toBe(200);
    const { members, cells } = answer.body;
    expect(members[0]?.key).toBe("outside");
    const names = members.map((m) => m.members[0]?.name ?? "outside");
    expect(names).toEqual(
      expect.arrayContaining([s.c.web, s.c.api, s.c.cache, s.c.dnsy, s.c.linky, s.c.stopped, s.c.paused]),
    );
    const code = { yes: "y", no: "n", partial: "p", unknown: "u" };
    const party = (n: string) => (n === "outside" ? ("outside" as const) : (byName.get(n) as ContainerDto));
    for (const [i, from] of names.entries())
      for (const [j, to] of names.entries())
        if (i !== j)
          expect(cells[i]?.[j], `${short(from)} → ${short(to)}`).toBe(
            code[pairVerdict(ix, party(from), party(to))],
          );
    // web → cache is dropped by DOCKER-USER; dnsy → api only for tcp/80 (partial).
    expect(cells[names.indexOf(s.c.web)]?.[names.indexOf(s.c.cache)]).toBe("n");
    expect(cells[names.indexOf(s.c.dnsy)]?.[names.indexOf(s.c.api)]).toBe("p");
  });

  it("explains a no with its fix and the path to highlight, and a yes with the names to use", async () => {
    const no = await call<{ pair: ReachPairDto }>(getReach, `/api/reach?from=${s.c.web}&to=${s.c.db}`);
    expect(no.status).toBe(200);
    expect(no.body.pair.verdict).toBe("no");
    expect(no.body.pair.fixes[0]?.command).toBe(`docker network connect ${s.n.data} ${s.c.web}`);
    expect(no.body.pair.path.length).toBeGreaterThan(2);
    const yesPair = await call<{ pair: ReachPairDto }>(getReach, `/api/reach?from=${s.c.web}&to=${s.c.api}`);
    expect(yesPair.body.pair.verdict).toBe("yes");
    expect(yesPair.body.pair.names.map((n) => n.name)).toEqual(
      expect.arrayContaining([s.c.api, "backend", "shared"]),
    );
    expect(yesPair.body.pair.names.find((n) => n.name === "shared")?.roundRobin).toBe(true);
    const icc = await call<{ pair: ReachPairDto }>(getReach, `/api/reach?from=${s.c.icc1}&to=${s.c.icc2}`);
    expect(
      icc.body.pair.reasons.concat(icc.body.pair.routes.flatMap((r) => r.reasons)).map((r) => r.code),
    ).toContain("icc-off");
    const bridge = await call<{ pair: ReachPairDto }>(
      getReach,
      `/api/reach?from=${s.c.legacy2}&to=${s.c.legacy1}`,
    );
    expect(bridge.body.pair.verdict).toBe("yes");
    expect(bridge.body.pair.reasons.map((r) => r.code)).toContain("default-bridge-dns");
  });

  it("lists a network's names with round-robin members, and says the default bridge has none", async () => {
    const app = await call<NetworkDnsDto>(getDns, `/api/dns?network=${s.n.app}`);
    expect(app.status).toBe(200);
    const shared = app.body.records.find((r) => r.name === "shared");
    expect(shared?.roundRobin).toBe(true);
    expect(shared?.members.map((m) => m.name).sort()).toEqual([s.c.api, s.c.cache].sort());
    expect(app.body.linkAliases).toEqual([
      expect.objectContaining({ from: s.c.linky, alias: "webby", target: s.c.web }),
    ]);
    const bridge = await call<NetworkDnsDto>(getDns, "/api/dns?network=bridge");
    expect(bridge.body.embedded).toBe(false);
    expect(bridge.body.note).toMatch(/no embedded DNS/);
  });

  it("finds what a reviewer would point out in the scenario", async () => {
    const answer = await call<FindingsDto>(getFindings, "/api/findings");
    expect(answer.status).toBe(200);
    const ours = answer.body.findings.filter((f) => f.title.includes(s.t.prefix));
    const kinds = new Set(ours.map((f) => f.kind));
    for (const kind of [
      "published-all-addresses",
      "host-network",
      "default-bridge-by-name",
      "unresolved-name",
      "alias-mixed-images",
      "internal-reaches-host",
    ])
      expect(kinds, kind).toContain(kind);
    const unresolved = ours.find((f) => f.kind === "unresolved-name");
    expect(unresolved?.fix?.command).toBe(`docker network connect ${s.n.data} ${s.c.web}`);
  });

  it("answers bad input with clear errors and a vanishing container with a 404, never a 500", async () => {
    const cases: Array<[string, number, string]> = [
      ["/api/reach?from=nosuch-xyz&to=outside", 404, "not_found"],
      ["/api/reach?from=web", 400, "bad_request"],
      ["/api/reach?from=a%20b&to=outside", 400, "bad_request"],
      ["/api/reach?tier=sky", 400, "bad_request"],
      ["/api/reach?group=maybe", 400, "bad_request"],
      ["/api/reach?bogus=1", 400, "bad_request"],
      [`/api/reach?from=${s.c.web}&to=outside&dest=not-an-ip`, 400, "bad_request"],
      ["/api/dns", 400, "bad_request"],
      ["/api/dns?network=nosuch-net-xyz", 404, "not_found"],
      ["/api/findings?engine=UPPER", 400, "bad_request"],
    ];
    for (const [path, status, code] of cases) {
      const answer = await call<ApiErrorBody>(
        path.startsWith("/api/dns") ? getDns : path.startsWith("/api/findings") ? getFindings : getReach,
        path,
      );
      expect({ path, status: answer.status, code: answer.body.error?.code }).toEqual({ path, status, code });
      expect(answer.body.error.message.length).toBeGreaterThan(10);
    }
    // A container removed while pairs are being asked for: each answer is the verdict or a 404.
    const doomed = s.t.run("doomed", ["--network", s.n.app]);
    const asks = Array.from({ length: 12 }, () =>
      call<{ pair?: ReachPairDto } & Partial<ApiErrorBody>>(
        getReach,
        `/api/reach?from=${s.c.web}&to=${doomed}`,
      ),
    );
    docker(["rm", "-f", doomed]);
    const answers = await Promise.all(asks);
    for (const a of answers) expect([200, 404]).toContain(a.status);
    const after = await call<ApiErrorBody>(getReach, `/api/reach?from=${s.c.web}&to=${doomed}`);
    expect(after.status).toBe(404);
  });
});
