// GET /api/snapshot against a real lab engine: the snapshot of a topology this test builds holds its networks,
// containers and addresses as `docker inspect` gives them, with the host facts; the answers computed from the file
// alone (lib/snapshot/analysis.ts) are the ones /api/findings and /api/reach give live; and with every redaction,
// none of the test's addresses, MACs or label values is left in the file while its shape stays.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getFindings } from "@/app/api/findings/route";
import { GET as getReach } from "@/app/api/reach/route";
import { GET as getSnapshot } from "@/app/api/snapshot/route";
import { findings } from "@/lib/analysis/findings";
import { reachMatrix } from "@/lib/analysis/reach-matrix";
import type { FindingsDto, ReachMatrixDto } from "@/lib/api/reach";
import type { ApiErrorBody } from "@/lib/api/types";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { analyseSnapshot } from "@/lib/snapshot/analysis";
import { parseSnapshot, type Snapshot } from "@/lib/snapshot/format";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { inspect, type TestObjects, testObjects } from "@/lib/testing/docker-cli";
import { call, useIdentities } from "@/lib/testing/routes";

// biome-ignore lint/suspicious/noExplicitAny: docker inspect JSON
type Json = any;

let t: TestObjects;
let ids: TestIdentities;
let names: { front: string; back: string; web: string; db: string };
/** Values only this test's objects carry: none may survive redaction. */
let secrets: { addresses: string[]; macs: string[]; labels: string[] };

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  ids = await testIdentities();
  useIdentities(ids);
  t = testObjects();
  const labelValue = `${t.prefix}owner-alice`;
  const front = t.network("front", [
    "--subnet",
    "10.127.1.0/24",
    "--gateway",
    "10.127.1.254",
    "--label",
    `team=${labelValue}`,
  ]);
  const back = t.network("back", ["--internal", "--subnet", "10.127.2.0/24"]);
  const web = t.run("web", [
    "--network",
    front,
    "--ip",
    "10.127.1.10",
    "--label",
    `contact=${labelValue}`,
    "--label",
    "api.password=hunter2-snapshot",
  ]);
  const db = t.run("db", ["--network", back, "--ip", "10.127.2.20"]);
  names = { front, back, web, db };
  const mac = (c: string, n: string) =>
    ((inspect<Json>("container", c).NetworkSettings.Networks[n].MacAddress as string) || "").toLowerCase();
  secrets = {
    addresses: ["10.127.1.0/24", "10.127.1.254", "10.127.1.10", "10.127.2.0/24", "10.127.2.20"],
    macs: [mac(web, front), mac(db, back)].filter(Boolean),
    labels: [labelValue, "hunter2-snapshot"],
  };
}, 60_000);

afterAll(() => {
  t?.cleanup();
  ids?.cleanup();
});

async function snapshot(query = ""): Promise<{ snapshot: Snapshot; text: string; headers: Headers }> {
  const answer = await call<unknown>(getSnapshot, `/api/snapshot${query}`);
  expect(answer.status).toBe(200);
  const text = JSON.stringify(answer.body);
  return { snapshot: parseSnapshot(text), text, headers: answer.headers };
}

describe("GET /api/snapshot", () => {
  it("holds the test's networks, containers and addresses, and the host facts, as a download", async () => {
    const { snapshot: s, headers } = await snapshot();
    expect(headers.get("content-disposition")).toMatch(
      /^attachment; filename="netatlas-snapshot-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json"$/,
    );
    expect(s.redacted).toEqual([]);
    const front = s.topology.networks.find((n) => n.name === names.front);
    expect(front?.ipam.config[0]).toMatchObject({ subnet: "10.127.1.0/24", gateway: "10.127.1.254" });
    expect(front?.labels.team).toBe(secrets.labels[0]);
    expect(s.topology.networks.find((n) => n.name === names.back)?.internal).toBe(true);
    const web = s.topology.containers.find((c) => c.name === names.web);
    expect(web?.id).toBe(inspect<Json>("container", names.web).Id);
    const endpoint = s.topology.endpoints.find((e) => e.containerId === web?.id);
    expect(endpoint).toMatchObject({ networkName: names.front, ipv4Address: "10.127.1.10/24" });
    expect(s.topology.containers.find((c) => c.name === names.db)?.state).toBe("running");
    expect(s.engines.map((e) => e.id)).toEqual(s.topology.engines.map((e) => e.id));
    expect(s.hostFacts.map((h) => h.engine)).toEqual(s.topology.engines.map((e) => e.id));
    expect(s.hostFacts[0]?.unavailable).toBeNull();
    expect(s.hostFacts[0]?.routes?.connected.some((r) => r.prefix === "10.127.1.0/24")).toBe(true);
  });

  it("gives, from the file alone, the findings and matrix the live routes give", async () => {
    const { snapshot: s } = await snapshot();
    const live = await call<FindingsDto>(getFindings, "/api/findings");
    const matrix = await call<ReachMatrixDto>(getReach, "/api/reach?group=off");
    const a = analyseSnapshot(s);
    expect(findings(a.ix, a.tiers).findings).toEqual(live.body.findings);
    const fromFile = reachMatrix(a.ix, { group: "off" });
    expect(fromFile.members).toEqual(matrix.body.members);
    expect(fromFile.cells).toEqual(matrix.body.cells);
  });

  it("with every redaction, none of the test's addresses, MACs or label values remains; the shape does", async () => {
    const full = (await snapshot()).snapshot;
    const { snapshot: r, text } = await snapshot("?redact=labels,env,addresses");
    expect(r.redacted).toEqual(["labels", "env", "addresses"]);
    for (const value of [...secrets.addresses, ...secrets.macs, ...secrets.labels, "10.127."])
      expect(text, value).not.toContain(value);
    expect(secrets.macs.length).toBe(2);
    // Same objects, same names; the network still holds its container's (new) address.
    const count = (s: Snapshot) => [s.topology.networks.length, s.topology.containers.length];
    expect(count(r)).toEqual(count(full));
    const front = r.topology.networks.find((n) => n.name === names.front);
    const subnet = front?.ipam.config[0]?.subnet ?? "";
    expect(subnet).toMatch(/\/24$/);
    const web = r.topology.containers.find((c) => c.name === names.web);
    const endpoint = r.topology.endpoints.find((e) => e.containerId === web?.id);
    expect(endpoint?.ipv4Address?.split(".").slice(0, 3)).toEqual(subnet.split(".").slice(0, 3));
    expect(endpoint?.ipv4Address).toMatch(/\.10\/24$/);
    expect(web?.labels.contact).toMatch(/^redacted-\d+$/);
    expect(web?.labels["netatlas.test"]).toBe(
      full.topology.containers.find((c) => c.id === web?.id)?.labels["netatlas.test"],
    );
    const a = analyseSnapshot(full);
    const b = analyseSnapshot(r);
    expect(reachMatrix(b.ix, { group: "off" }).cells).toEqual(reachMatrix(a.ix, { group: "off" }).cells);
  });

  it("refuses an unknown redaction with the known ones named", async () => {
    const answer = await call<ApiErrorBody>(getSnapshot, "/api/snapshot?redact=labels,ips");
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe(
      'Unknown redaction "ips": use any of labels, env, addresses (comma separated).',
    );
  });
});
