// The shipped one-engine labs (lib/labs/library), each run end to end through the real lab routes on a lab engine
// (run it on Docker 26.1 and 20.10): every step's commands end as written (a drill's failing command with
// Docker's words), every check passes; a drill's check fails before the fix and passes after its solution. Then
// Reset leaves the engine's containers, networks and images exactly as they were before the lab (the lab image is
// built first, by scripts/lab-image.sh). ipvlan is a kernel driver: where this machine's kernel lacks it (the lab
// engines share it), the ipvlan step must stop at its `docker run` with Docker's "operation not supported"
// instead, and every step before it must pass. Each lab's time is printed.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabDto, LabStep } from "@/lib/api/labs";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, labDockerHost } from "@/lib/testing/docker-cli";
import { type EngineListing, engineListing, resetLab, runLabStep } from "@/lib/testing/lab-routes";
import { useIdentities } from "@/lib/testing/routes";
import { labLibrary } from "./library";

const host = labDockerHost();
const LABS = labLibrary().labs.filter((l) => l.needs === "one-engine");

/** Whether this machine's kernel can make an ipvlan link (tried in a throwaway network namespace). */
function kernelHasIpvlan(): boolean {
  try {
    execFileSync(
      "unshare",
      [
        "--net",
        "sh",
        "-c",
        "ip link add natest-v0 type veth peer name natest-v1 && ip link add natest-i0 link natest-v0 type ipvlan mode l2",
      ],
      { stdio: "pipe" },
    );
    return true;
  } catch {
    return false;
  }
}
const IPVLAN = kernelHasIpvlan();
const needsIpvlan = (step: LabStep) => step.run.some((c) => c.argv.includes("ipvlan"));

let ids: TestIdentities;
const seconds: Array<{ lab: string; s: number }> = [];

beforeAll(async () => {
  // The lab image is prepared before any listing is taken: Reset is not meant to remove it.
  execFileSync("bash", ["scripts/lab-image.sh", host], { stdio: "pipe" });
  setEngineConfigs(parseEngineConfig(process.env));
  ids = await testIdentities();
  useIdentities(ids);
}, 120_000);

afterAll(() => {
  ids?.cleanup();
  console.log(
    `lab times on ${host} (commands and checks, ipvlan ${IPVLAN ? "available" : "missing"}):\n${seconds
      .map((t) => `  ${t.lab.padEnd(16)} ${t.s.toFixed(1)} s`)
      .join("\n")}`,
  );
});

/** Runs step n as a student would: "Run step", and for a drill "Check" (must fail) then "Show the fix". */
async function runStepOf(lab: LabDto, n: number): Promise<{ ms: number; stop: boolean }> {
  const step = lab.steps[n - 1] as LabStep;
  const where = `${lab.id} step ${n} (${step.title})`;
  const ran = await runLabStep(lab.id, n, "step");
  expect(ran.status, `${where}: ${ran.text}`).toBe(200);
  if (!IPVLAN && needsIpvlan(step)) {
    const failed = ran.commands.find((c) => !c.ok);
    expect(ran.ok, `${where}: ${ran.text}`).toBe(false);
    expect(failed?.line, where).toMatch(/^docker run /);
    expect(failed?.note, where).toContain("operation not supported");
    return { ms: ran.ms, stop: true };
  }
  expect(
    ran.commands.map((c) => [c.line, c.ok, c.note]),
    `${where}: ${ran.text}`,
  ).toEqual(step.run.map((c) => [c.line, true, c.expectFailure === null ? null : expect.any(String)]));
  expect(ran.ok, `${where}: ${ran.text}`).toBe(true);
  let ms = ran.ms;
  if (step.task !== null) {
    expect(ran.check, `${where}: a drill's step runs no check`).toBeNull();
    const before = await runLabStep(lab.id, n, "check");
    expect(before.check?.passed, `${where}, before the fix: ${before.text}`).toBe(false);
    const fixed = await runLabStep(lab.id, n, "solution");
    expect(fixed.check?.passed, `${where}, after the fix: ${fixed.text}`).toBe(true);
    expect(fixed.ok).toBe(true);
    ms += before.ms + fixed.ms;
  } else if (step.check) {
    expect(ran.check?.passed, `${where}: ${JSON.stringify(ran.check)}`).toBe(true);
  } else {
    expect(ran.check).toBeNull();
  }
  return { ms, stop: false };
}

describe.each(LABS.map((lab) => [lab.id, lab] as const))("the %s lab on the engine", (id, lab) => {
  let before: EngineListing;

  beforeAll(() => {
    before = engineListing(docker, id);
  });

  it("runs every step as written, and every check proves its point", async () => {
    let ms = 0;
    for (let n = 1; n <= lab.steps.length; n++) {
      const r = await runStepOf(lab, n);
      ms += r.ms;
      if (r.stop) break;
    }
    seconds.push({ lab: id, s: ms / 1000 });
  }, 300_000);

  it("Reset removes what it made: containers, networks and images as before", async () => {
    const reset = await resetLab(id);
    expect(reset.status).toBe(200);
    expect(reset.body.failed).toEqual([]);
    expect(reset.body.removed.containers.length).toBeGreaterThan(0);
    expect(engineListing(docker, id)).toEqual(before);
  }, 120_000);
});
