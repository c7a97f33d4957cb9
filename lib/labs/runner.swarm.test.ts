// A swarm lab on the two lab hosts (a: manager, b: worker): the engines are chosen from the live topology's swarm
// info (a, with b as its worker), an overlay and a service are made on the manager and a container on the worker
// (`on: worker`), the check runs in that container on b (a service name answers with one VIP; its tasks' port
// is open),
// and Reset removes the service, the containers on both hosts and the overlay: both engines end as they began.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { LAB_LABEL, type LabCommand, type LabDto, type LabEvent, type LabResetDto } from "@/lib/api/labs";
import { shellCommand } from "@/lib/api/shell";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, TEST_IMAGE } from "@/lib/testing/docker-cli";
import { engineListing, labRoutesFor, leftOver } from "@/lib/testing/lab-routes";
import { call, useIdentities } from "@/lib/testing/routes";
import { until } from "@/lib/testing/swarm-cli";

const engines = parseEngineConfig(process.env);
const hostOf = (id: string) => engines.find((e) => e.id === id)?.host ?? "";
const onA = (args: string[]) => docker(args, { ...process.env, DOCKER_HOST: hostOf("a") });
const onB = (args: string[]) => docker(args, { ...process.env, DOCKER_HOST: hostOf("b") });

const ID = `natest-swarm-${randomBytes(3).toString("hex")}`;
const name = (suffix: string) => `${ID}-${suffix}`;
const LABEL = `${LAB_LABEL}=${ID}`;

/** As the parser makes them: the lab label after what creates (services: on their containers too). */
function cmd(words: string[], on: LabCommand["on"] = "manager"): LabCommand {
  const argv = [...words];
  if (argv[0] === "service") argv.splice(2, 0, "--label", LABEL, "--container-label", LABEL);
  else if (argv[0] === "network") argv.splice(2, 0, "--label", LABEL);
  else argv.splice(1, 0, "--label", LABEL);
  return { line: shellCommand("docker", ...argv), argv, expectFailure: null, on };
}

const LAB: LabDto = {
  id: ID,
  title: "A service across two hosts, made by a test",
  summary: "An overlay, a service with two replicas, and a container on the worker that finds it by name.",
  level: "intermediate",
  needs: "swarm",
  concepts: ["overlay"],
  images: [TEST_IMAGE],
  steps: [
    {
      title: "An overlay, a service, a client on the worker",
      narration: "words",
      run: [
        cmd(["network", "create", "--driver", "overlay", "--attachable", name("ov")]),
        cmd([
          "service",
          "create",
          "--no-resolve-image",
          "--name",
          name("svc"),
          "--replicas",
          "2",
          "--network",
          name("ov"),
          TEST_IMAGE,
          "httpd",
          "-f",
          "-p",
          "80",
        ]),
        cmd(
          ["run", "-d", "--name", name("client"), "--network", name("ov"), TEST_IMAGE, "sleep", "3600"],
          "worker",
        ),
      ],
      task: null,
      solution: [],
      focus: [],
      check: {
        says: "The service's name answers with one address: its virtual IP",
        probe: { kind: "dns", from: name("client"), target: name("svc"), port: null, path: null },
        expect: "ok",
        repeat: 1,
        distinct: null,
        answers: 1,
        contains: null,
      },
    },
    {
      title: "Its port, on each task",
      narration: "words",
      run: [],
      task: null,
      solution: [],
      focus: [],
      check: {
        // tasks.<service>, not the VIP: the lab hosts' kernels have no IPVS (docs/lab.md, reach.swarm.test.ts).
        says: "Port 80 of the service's tasks is open from the worker",
        probe: { kind: "tcp", from: name("client"), target: `tasks.${name("svc")}`, port: 80, path: null },
        expect: "ok",
        repeat: 2,
        distinct: null,
        answers: null,
        contains: null,
      },
    },
  ],
};

const find = (id: string): LabDto => {
  if (id === ID) return LAB;
  throw new AppError("not_found", `No lab "${id}".`);
};

const routes = labRoutesFor(find);

let ids: TestIdentities;

/** An engine's containers and networks, without other suites' objects (their own labels say so). */
const listing = (on: (args: string[]) => string) => {
  const { containers, networks } = engineListing(on, ID);
  return { containers, networks };
};

let before: { a: ReturnType<typeof listing>; b: ReturnType<typeof listing> };

beforeAll(async () => {
  if (
    engines.map((e) => e.id).join(",") !== "a,b" ||
    !engines.every((e) => e.host.includes("/netatlas-lab/"))
  )
    throw new Error("run with NETATLAS_ENGINES=a=<lab a>,b=<lab b> (scripts/lab.sh up --hosts 2 prints it)");
  setEngineConfigs(engines);
  ids = await testIdentities();
  useIdentities(ids);
  before = { a: listing(onA), b: listing(onB) };
}, 60_000);

afterAll(() => {
  try {
    onA(["service", "rm", name("svc")]);
  } catch {
    // removed by the test
  }
  for (const on of [onA, onB]) {
    const left = on(["ps", "-aq", "--filter", `label=${LABEL}`])
      .split("\n")
      .filter(Boolean);
    if (left.length) on(["rm", "-f", ...left]);
  }
  for (const n of onA(["network", "ls", "-q", "--filter", `label=${LABEL}`])
    .split("\n")
    .filter(Boolean)) {
    try {
      onA(["network", "rm", n]);
    } catch {
      // still held for a moment: the suite's own clean-up is best effort
    }
  }
  ids?.cleanup();
});

async function post(n: string, action: "step" | "check" = "step"): Promise<LabEvent[]> {
  const path = `/api/labs/${ID}/steps/${n}${action === "check" ? "/check" : ""}`;
  const answer = await call<unknown>(
    routes[action],
    path,
    { id: ID, n },
    { method: "POST", as: "operator", body: {} },
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const text = typeof answer.body === "string" ? answer.body : `${JSON.stringify(answer.body)}\n`;
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LabEvent);
}

describe("a swarm lab on the two lab hosts", () => {
  it("runs on the manager, with `on: worker` on the worker, and checks from the worker's container", async () => {
    const events = await post("1");
    const commands = events.filter((e) => e.type === "command");
    expect(commands.map((e) => e.engine)).toEqual(["a", "a", "b"]);
    const done = events.filter((e) => e.type === "command-done");
    expect(
      done.map((e) => e.ok),
      JSON.stringify(events),
    ).toEqual([true, true, true]);
    expect(onB(["inspect", "-f", "{{.State.Running}}", name("client")])).toBe("true");
    const check = events.find((e) => e.type === "check") as Extract<LabEvent, { type: "check" }>;
    expect(check.result.passed, JSON.stringify(check.result)).toBe(true);
    expect(check.result.saw).toContain("1 address in the answer (exactly 1 expected)");
    expect(events.at(-1)).toMatchObject({ type: "done", ok: true });
  }, 120_000);

  it("checks a step with repeats", async () => {
    const events = await post("2", "check");
    const check = events.find((e) => e.type === "check") as Extract<LabEvent, { type: "check" }>;
    expect(check.result).toMatchObject({ passed: true, saw: "2 of 2 tcp probes got through" });
  }, 60_000);

  it("Reset removes the service, the containers on both hosts and the overlay: both engines as before", async () => {
    const objects = await call<{ containers: string[]; services: string[]; networks: string[] }>(
      routes.objects,
      `/api/labs/${ID}/objects`,
      { id: ID },
    );
    expect(objects.body.services).toEqual([`a/${name("svc")}`]);
    expect(objects.body.containers).toContain(`b/${name("client")}`);
    const reset = await call<LabResetDto>(
      routes.reset,
      `/api/labs/${ID}/reset`,
      { id: ID },
      { method: "POST", as: "operator", body: {} },
    );
    expect(reset.status).toBe(200);
    expect(reset.body.failed).toEqual([]);
    expect(reset.body.removed.services).toEqual([`a/${name("svc")}`]);
    expect(reset.body.removed.containers).toContain(`b/${name("client")}`);
    expect(reset.body.removed.networks).toEqual([`a/${name("ov")}`]);
    // The worker drops its copy of the overlay once its last task container is gone.
    const left = () => ({ a: leftOver(before.a, listing(onA)), b: leftOver(before.b, listing(onB)) });
    const clean = (l: ReturnType<typeof left>) =>
      Object.values(l).every((x) => Object.values(x).every((ids) => !ids.length));
    await until("nothing of the lab left on either engine", () => clean(left()), 60_000).catch(
      () => undefined,
    );
    expect(left()).toEqual({ a: { containers: [], networks: [] }, b: { containers: [], networks: [] } });
  }, 120_000);
});
