import { it } from "vitest";
import type { EndpointDto } from "@/lib/api/types";
import { loadReachFixture } from "@/lib/testing/reach-fixtures";
import { containerDto, endpointDto, engineDto, networkDto } from "@/lib/testing/topology-builders";
import { buildTopology } from "@/lib/topology/build";
import { inferTiers } from "@/lib/topology/tiers";
import { findings } from "./findings";
import { reachMatrix } from "./reach-matrix";
import { AnalysisIndex } from "./stacks";
export function bench(n: number) {
  const projects = n / 20;
  const networks = [];
  const containers = [];
  const endpoints: EndpointDto[] = [];
  for (let p = 0; p < projects; p++) {
    const front = networkDto({
      name: `p${p}-front`,
      ipam: {
        driver: "default",
        options: {},
        config: [
          { subnet: `10.170.${2 * p}.0/24`, gateway: `10.170.${2 * p}.1`, ipRange: null, auxAddresses: {} },
        ],
      },
    });
    const back = networkDto({
      name: `p${p}-back`,
      internal: p % 8 === 7,
      ipam: {
        driver: "default",
        options: {},
        config: [
          {
            subnet: `10.170.${2 * p + 1}.0/24`,
            gateway: `10.170.${2 * p + 1}.1`,
            ipRange: null,
            auxAddresses: {},
          },
        ],
      },
    });
    networks.push(front, back);
    for (let i = 0; i < 20; i++) {
      const role = i < 6 ? "web" : i < 14 ? "api" : "db";
      const c = containerDto({
        name: `p${p}-${role}-${i}`,
        labels: { "com.docker.compose.project": `p${p}`, "com.docker.compose.service": role },
        ports:
          i < 3
            ? [
                {
                  hostIp: i === 2 ? "127.0.0.1" : "0.0.0.0",
                  hostPort: 20000 + p * 20 + i,
                  containerPort: 80,
                  protocol: "tcp",
                },
              ]
            : [],
      });
      containers.push(c);
      if (role !== "db")
        endpoints.push(
          endpointDto(c, front, {
            ipv4Address: `10.170.${2 * p}.${10 + i}/24`,
            aliases: [role],
            dnsNames: [c.name, role],
          }),
        );
      if (role !== "web" || i < 7)
        endpoints.push(
          endpointDto(c, back, {
            ipv4Address: `10.170.${2 * p + 1}.${10 + i}/24`,
            aliases: [role],
            dnsNames: [c.name, role],
          }),
        );
    }
  }
  return buildTopology({
    engines: [engineDto()],
    networks,
    containers,
    endpoints,
    nodes: [],
    services: [],
    tasks: [],
  });
}
it("bench-shaped", () => {
  const facts = loadReachFixture("26.1").facts;
  for (const [n, group] of [
    [200, "off"],
    [1000, "on"],
  ] as const) {
    const model = bench(n);
    const tiers = inferTiers(model, { labelKey: "netatlas.tier" });
    const times: string[] = [];
    let rows = 0;
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      const ix = new AnalysisIndex(model, [{ ...facts }]);
      const t1 = performance.now();
      const m = reachMatrix(ix, { group }, tiers);
      const t2 = performance.now();
      rows = m.members.length;
      times.push(`${(t1 - t0).toFixed(0)}+${(t2 - t1).toFixed(0)}`);
    }
    const t3 = performance.now();
    const f = findings(new AnalysisIndex(model, [{ ...facts }]), tiers);
    console.log(
      `${n} ${group}: rows ${rows}: ${times.join(" ")} ms; findings ${f.findings.length} ${(performance.now() - t3).toFixed(0)} ms`,
    );
  }
}, 120000);
