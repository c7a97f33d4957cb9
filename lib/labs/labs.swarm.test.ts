// The shipped swarm lab (lib/labs/library/swarm.yaml) end to end on the two lab hosts (a: manager, b: worker),
// through the real lab routes: its commands run on the manager as written, its services spread their tasks over
// both hosts, every check passes (a VIP is one address, tasks.<service> and a dnsrr service every task, requests
// to a dnsrr service answered by different tasks across the VXLAN tunnel, the encrypted overlay's two tasks one
// on each host); then Reset removes the services, the containers on both hosts and the overlays: both engines'
// containers, networks and images end as they began. Its time is printed.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabStep } from "@/lib/api/labs";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker } from "@/lib/testing/docker-cli";
import { type EngineListing, engineListing, leftOver, resetLab, runLabStep } from "@/lib/testing/lab-routes";
import { useIdentities } from "@/lib/testing/routes";
import { until } from "@/lib/testing/swarm-cli";
import { findLab } from "./library";

const engines = parseEngineConfig(process.env);
const hostOf = (id: string) => engines.find((e) => e.id === id)?.host ?? "";
const onA = (args: string[]) => docker(args, { ...process.env, DOCKER_HOST: hostOf("a") });
const onB = (args: string[]) => docker(args, { ...process.env, DOCKER_HOST: hostOf("b") });
const LAB = findLab("swarm");

let ids: TestIdentities;
let before: { a: EngineListing; b: EngineListing };
const listings = () => ({ a: engineListing(onA, LAB.id), b: engineListing(onB, LAB.id) });

beforeAll(async () => {
  if (
    engines.map((e) => e.id).join(",") !== "a,b" ||
    !engines.every((e) => e.host.includes("/netatlas-lab/"))
  )
    throw new Error("run with NETATLAS_ENGINES=a=<lab a>,b=<lab b> (scripts/lab.sh up --hosts 2 prints it)");
  // The lab image on both hosts before any listing: each node runs its tasks from its own copy.
  for (const id of ["a", "b"]) execFileSync("bash", ["scripts/lab-image.sh", hostOf(id)], { stdio: "pipe" });
  setEngineConfigs(engines);
  ids = await testIdentities();
  useIdentities(ids);
  before = listings();
}, 180_000);

afterAll(() => ids?.cleanup());

describe("the swarm lab on the two lab hosts", () => {
  it("runs every step as written on the manager, and every check proves its point", async () => {
    let ms = 0;
    for (const [i, step] of LAB.steps.entries()) {
      const n = i + 1;
      const where = `swarm step ${n} (${(step as LabStep).title})`;
      const ran = await runLabStep(LAB.id, n, "step");
      ms += ran.ms;
      expect(ran.status, `${where}: ${ran.text}`).toBe(200);
      expect(
        ran.events.filter((e) => e.type === "command").map((e) => [e.line, e.engine]),
        where,
      ).toEqual(step.run.map((c) => [c.line, c.on === "worker" ? "b" : "a"]));
      expect(ran.ok, `${where}: ${ran.text}`).toBe(true);
      if (step.check) expect(ran.check?.passed, `${where}: ${JSON.stringify(ran.check)}`).toBe(true);
      else expect(ran.check).toBeNull();
    }
    console.log(`swarm lab on a+b: ${(ms / 1000).toFixed(1)} s (commands and checks)`);
    // The services' tasks really are on both hosts: the checks above crossed the VXLAN tunnel.
    const nodes = onA([
      "service",
      "ps",
      "lab-sw-rr",
      "--filter",
      "desired-state=running",
      "--format",
      "{{.Node}}",
    ]);
    expect(new Set(nodes.split("\n").filter(Boolean))).toEqual(new Set(["netatlas-a", "netatlas-b"]));
  }, 300_000);

  it("Reset removes the services, the containers on both hosts and the overlays: both engines as before", async () => {
    const reset = await resetLab(LAB.id);
    expect(reset.status).toBe(200);
    expect(reset.body.failed).toEqual([]);
    expect(reset.body.removed.services.sort()).toEqual(
      ["a/lab-sw-pub", "a/lab-sw-rr", "a/lab-sw-safe", "a/lab-sw-web"].sort(),
    );
    expect(reset.body.removed.networks.sort()).toEqual(["a/lab-sw-net", "a/lab-sw-secret"]);
    // The worker drops its copies of the overlays once its last task container is gone.
    const left = () => ({ a: leftOver(before.a, listings().a), b: leftOver(before.b, listings().b) });
    const clean = (l: ReturnType<typeof left>) =>
      Object.values(l).every((x) => Object.values(x).every((ids) => !ids.length));
    await until("nothing of the lab left on either engine", () => clean(left()), 60_000).catch(
      () => undefined,
    );
    expect(left()).toEqual({
      a: { containers: [], networks: [], images: [] },
      b: { containers: [], networks: [], images: [] },
    });
  }, 180_000);
});
