// Lab steps on a real engine (run it on Docker 26.1 and 20.10), through the lab routes' handlers with a lab made
// by hand: a user-defined network, containers on it and on the default bridge, a ping by name that must get
// through on the network and must not on the default bridge, a drill that must fail with Docker's "is already in
// use", a fix run as the solution. Events come in order, checks pass, a command that fails unexpectedly stops
// the step with its exit code and Docker's words, two runs at once get 409, bad input 400/404, a viewer 403; then
// Reset leaves the engine's containers and networks exactly as they were.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postStep } from "@/app/api/labs/[id]/steps/[n]/route";
import { GET as getLabs } from "@/app/api/labs/route";
import { AppError } from "@/lib/api/errors";
import type { LabsListDto } from "@/lib/api/labs";
import {
  LAB_LABEL,
  type LabCommand,
  type LabDto,
  type LabEvent,
  type LabObjects,
  type LabResetDto,
} from "@/lib/api/labs";
import { shellCommand } from "@/lib/api/shell";
import { queryAudit } from "@/lib/auth/audit";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { limitCounts } from "@/lib/http/limits";
import { type As, type TestIdentities, testIdentities } from "@/lib/testing/auth";
import { docker, labDockerHost, TEST_IMAGE } from "@/lib/testing/docker-cli";
import { engineListing as labListing, labRoutesFor } from "@/lib/testing/lab-routes";
import { call, request, useIdentities } from "@/lib/testing/routes";
import { CLI_LIMITS, dockerCliPath, runDocker } from "./cli";

labDockerHost();
const ID = `natest-lab-${randomBytes(3).toString("hex")}`;
const name = (suffix: string) => `${ID}-${suffix}`;
const LABEL = `${LAB_LABEL}=${ID}`;

/** A command as the parser would make it: the lab label right after what creates an object. */
function cmd(words: string[], expectFailure: string | null = null): LabCommand {
  const argv = [...words];
  const at = argv[0] === "network" && argv[1] === "create" ? 2 : argv[0] === "run" ? 1 : -1;
  if (at > 0) argv.splice(at, 0, "--label", LABEL);
  return { line: shellCommand("docker", ...argv), argv, expectFailure, on: "manager" };
}

const step = (overrides: Partial<LabDto["steps"][number]>): LabDto["steps"][number] => ({
  title: "a step",
  narration: "words",
  run: [],
  task: null,
  solution: [],
  focus: [],
  check: null,
  ...overrides,
});

const ping = (from: string, target: string, expect: "ok" | "fail") => ({
  says: `${from} ${expect === "ok" ? "reaches" : "cannot reach"} ${target} by name`,
  probe: { kind: "ping" as const, from, target, port: null, path: null },
  expect,
  repeat: 1,
  distinct: null,
  answers: null,
  contains: null,
});

const LAB: LabDto = {
  id: ID,
  title: "Bridges, made by a test",
  summary: "A user-defined bridge has DNS by name; the default bridge has not.",
  level: "beginner",
  needs: "one-engine",
  concepts: ["bridge"],
  images: [TEST_IMAGE],
  steps: [
    step({ title: "A network", run: [cmd(["network", "create", name("net")])] }),
    step({
      title: "Two containers on it, two on the default bridge",
      run: [
        cmd([
          "run",
          "-d",
          "--name",
          name("web"),
          "--network",
          name("net"),
          TEST_IMAGE,
          "httpd",
          "-f",
          "-p",
          "80",
        ]),
        cmd(["run", "-d", "--name", name("client"), "--network", name("net"), TEST_IMAGE, "sleep", "3600"]),
        cmd(["run", "-d", "--name", name("lone"), TEST_IMAGE, "sleep", "3600"]),
        cmd(["run", "-d", "--name", name("lone2"), TEST_IMAGE, "sleep", "3600"]),
      ],
      check: ping(name("client"), name("web"), "ok"),
    }),
    step({
      title: "The default bridge has no DNS; a name is taken once",
      run: [cmd(["run", "-d", "--name", name("web"), TEST_IMAGE, "sleep", "3600"], "is already in use")],
      check: ping(name("lone"), name("lone2"), "fail"),
    }),
    step({
      title: "Drill: let lone reach web",
      task: "Connect lone to the lab's network.",
      solution: [cmd(["network", "connect", name("net"), name("lone")])],
      check: ping(name("lone"), name("web"), "ok"),
    }),
  ],
};

/** The same lab id with a step whose first command fails (the name is taken) and a second that must not run. */
const BROKEN: LabDto = {
  ...LAB,
  steps: [
    step({
      title: "Fails",
      run: [
        cmd(["run", "-d", "--name", name("web"), TEST_IMAGE, "sleep", "3600"]),
        cmd(["run", "-d", "--name", name("never"), TEST_IMAGE, "sleep", "3600"]),
      ],
    }),
  ],
};

let current = LAB;
const find = (id: string): LabDto => {
  if (id === current.id) return current;
  throw new AppError("not_found", `No lab "${id}".`);
};
const routes = labRoutesFor(find);

let ids: TestIdentities;

interface Ran {
  status: number;
  events: LabEvent[];
  body: unknown;
}

function linesOf(body: unknown): LabEvent[] {
  const text = typeof body === "string" ? body : `${JSON.stringify(body)}\n`;
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LabEvent);
}

async function post(
  action: "step" | "check" | "solution",
  n: string,
  options: { as?: As; id?: string } = {},
): Promise<Ran> {
  const id = options.id ?? ID;
  const path = `/api/labs/${id}/steps/${n}${action === "step" ? "" : `/${action}`}`;
  const answer = await call<unknown>(
    routes[action],
    path,
    { id, n },
    { method: "POST", as: options.as ?? "operator", body: {} },
  );
  if (answer.status !== 200) return { status: answer.status, events: [], body: answer.body };
  expect(answer.headers.get("content-type")).toMatch(/application\/x-ndjson/);
  return { status: 200, events: linesOf(answer.body), body: null };
}

/** The events without the output lines, as "type index" words: the order a step must keep. */
const shape = (events: LabEvent[]) =>
  events
    .filter((e) => e.type !== "output")
    .map((e) => ("index" in e ? `${e.type} ${e.index}` : e.type === "done" ? `done ${e.ok}` : e.type));

const checkOf = (events: LabEvent[]) => {
  const e = events.find((x) => x.type === "check");
  expect(e, JSON.stringify(events)).toBeDefined();
  return (e as Extract<LabEvent, { type: "check" }>).result;
};

/** The engine's containers and networks by id, without other suites' objects: this lab must leave no trace. */
const engineListing = () => {
  const { containers, networks } = labListing(docker, ID);
  return { containers, networks };
};

let before: ReturnType<typeof engineListing>;

beforeAll(async () => {
  setEngineConfigs(parseEngineConfig(process.env));
  ids = await testIdentities();
  useIdentities(ids);
  before = engineListing();
}, 60_000);

afterAll(() => {
  // Whatever a failed test left: the lab's own label says what is ours.
  const left = docker(["ps", "-aq", "--filter", `label=${LABEL}`])
    .split("\n")
    .filter(Boolean);
  if (left.length) docker(["rm", "-f", ...left]);
  for (const n of docker(["network", "ls", "-q", "--filter", `label=${LABEL}`])
    .split("\n")
    .filter(Boolean)) {
    docker(["network", "rm", n]);
  }
  ids?.cleanup();
});

describe("a lab on a real engine", () => {
  it("answers the lab as it will run", async () => {
    const answer = await call<LabDto>(routes.lab, `/api/labs/${ID}`, { id: ID });
    expect(answer.status).toBe(200);
    expect(answer.body.steps[0]?.run[0]?.line).toBe(`docker network create --label ${LABEL} ${name("net")}`);
  });

  it("refuses a viewer (403), an unknown lab (404), a step out of range or not a number (400), a check where there is none (400)", async () => {
    expect((await post("step", "1", { as: "viewer" })).status).toBe(403);
    expect((await post("step", "1", { as: "viewer-token" })).status).toBe(403);
    const unknown = await post("step", "1", { id: "natest-no-such-lab" });
    expect(unknown.status).toBe(404);
    const range = await post("step", "9");
    expect(range.status).toBe(400);
    expect(JSON.stringify(range.body)).toContain(`Lab ${ID} has 4 steps (1 to 4): there is no step 9.`);
    expect((await post("step", "0")).status).toBe(400);
    expect((await post("step", "one")).status).toBe(400);
    const noCheck = await post("check", "1");
    expect(noCheck.status).toBe(400);
    expect(JSON.stringify(noCheck.body)).toContain("has no check");
    expect((await post("solution", "2")).status).toBe(400);
    // Nothing ran: no object of the lab on the engine.
    expect(docker(["ps", "-aq", "--filter", `label=${LABEL}`])).toBe("");
  });

  it("runs step 1: one command, its events in order", async () => {
    const r = await post("step", "1");
    expect(r.status).toBe(200);
    expect(shape(r.events)).toEqual(["command 0", "command-done 0", "done true"]);
    expect(r.events[0]).toEqual({
      type: "command",
      index: 0,
      line: `docker network create --label ${LABEL} ${name("net")}`,
      engine: "local",
    });
    // The network's id, as the CLI printed it.
    const id = docker(["network", "inspect", "-f", "{{.Id}}", name("net")]);
    expect(r.events).toContainEqual({ type: "output", index: 0, text: id });
  });

  it("runs step 2: four containers, then a ping by name on the user-defined network gets through", async () => {
    const r = await post("step", "2");
    expect(shape(r.events)).toEqual([
      "command 0",
      "command-done 0",
      "command 1",
      "command-done 1",
      "command 2",
      "command-done 2",
      "command 3",
      "command-done 3",
      "check",
      "done true",
    ]);
    const check = checkOf(r.events);
    expect(check.passed, JSON.stringify(check)).toBe(true);
    expect(check.probes).toHaveLength(1);
    expect(check.probes[0]?.ok).toBe(true);
    expect(check.command).toContain(name("client"));
    expect(docker(["inspect", "-f", "{{.State.Running}}", name("web")])).toBe("true");
  }, 60_000);

  it("runs step 3: the drill fails as expected with Docker's words, and a ping by name on the default bridge does not get through", async () => {
    const r = await post("step", "3");
    expect(shape(r.events)).toEqual(["command 0", "command-done 0", "check", "done true"]);
    const done = r.events.find((e) => e.type === "command-done") as Extract<
      LabEvent,
      { type: "command-done" }
    >;
    expect(done.ok).toBe(true);
    expect(done.exitCode).not.toBe(0);
    expect(done.note).toMatch(/^Failed as expected: .*is already in use/);
    // Docker's message reached the stream as output too.
    expect(r.events.some((e) => e.type === "output" && e.text.includes("is already in use"))).toBe(true);
    const check = checkOf(r.events);
    expect(check).toMatchObject({ passed: true, probes: [{ ok: false }] });
    expect(check.saw).toContain(name("lone2"));
  }, 60_000);

  it("a drill step runs no check by itself; the check alone fails before the fix and passes after the solution", async () => {
    const stepRun = await post("step", "4");
    expect(shape(stepRun.events)).toEqual(["done true"]);
    const before = await post("check", "4");
    expect(shape(before.events)).toEqual(["check", "done false"]);
    expect(checkOf(before.events).passed).toBe(false);
    const fixed = await post("solution", "4");
    expect(shape(fixed.events)).toEqual(["command 0", "command-done 0", "check", "done true"]);
    expect(checkOf(fixed.events).passed).toBe(true);
  }, 60_000);

  it("audits each run with its command lines", () => {
    const steps = queryAudit({ action: "lab.step", target: `local/${ID}#2` }, 10, 0).entries;
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ result: "ok", actor: "test-operator" });
    expect((steps[0]?.params as { commands?: string[] } | undefined)?.commands).toEqual(
      LAB.steps[1]?.run.map((c) => c.line),
    );
    expect(queryAudit({ action: "lab.check", target: `local/${ID}#4` }, 10, 0).total).toBe(1);
    expect(queryAudit({ action: "lab.solution", target: `local/${ID}#4`, result: "ok" }, 10, 0).total).toBe(
      1,
    );
    // The refusals of the bad-input test are there too, as refused.
    expect(queryAudit({ action: "lab.step", result: "denied" }, 50, 0).total).toBeGreaterThan(0);
  });

  it("stops a step at a command that fails, with its exit code and Docker's message", async () => {
    current = BROKEN;
    try {
      const r = await post("step", "1");
      expect(shape(r.events)).toEqual(["command 0", "command-done 0", "done false"]);
      const done = r.events.find((e) => e.type === "command-done") as Extract<
        LabEvent,
        { type: "command-done" }
      >;
      expect(done.ok).toBe(false);
      expect(done.exitCode).toBe(125);
      expect(done.note).toMatch(/^exit code 125: .*is already in use/);
      expect(docker(["ps", "-aq", "--filter", `name=${name("never")}`])).toBe("");
      const audit = queryAudit(
        { action: "lab.step", target: `local/${ID}#1`, result: "error" },
        10,
        0,
      ).entries;
      expect(audit).toHaveLength(1);
      expect(audit[0]?.error).toContain("is already in use");
    } finally {
      current = LAB;
    }
  });

  it("answers 409 busy to a second run of the same lab on the same engine while one runs", async () => {
    const handler = routes.check as (
      r: Request,
      c: { params: Promise<Record<string, string>> },
    ) => Promise<Response>;
    const ctx = { params: Promise.resolve({ id: ID, n: "2" }) };
    const first = await handler(
      request(`/api/labs/${ID}/steps/2/check`, { method: "POST", as: "operator", body: {} }),
      ctx,
    );
    expect(first.status).toBe(200);
    const second = await call<{ error: { code: string; message: string } }>(
      routes.step,
      `/api/labs/${ID}/steps/1`,
      { id: ID, n: "1" },
      { method: "POST", as: "operator", body: {} },
    );
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(`Lab ${ID} is busy on engine local`);
    const reset = await call<unknown>(
      routes.reset,
      `/api/labs/${ID}/reset`,
      { id: ID },
      { method: "POST", as: "operator", body: {} },
    );
    expect(reset.status).toBe(409);
    const events = linesOf(await first.text());
    expect(shape(events)).toEqual(["check", "done true"]);
    // Once it has ended, the lab is free again.
    expect((await post("check", "2")).status).toBe(200);
  }, 60_000);

  it("lists what the lab left, and Reset removes exactly that: the engine is as before", async () => {
    const objects = await call<LabObjects>(routes.objects, `/api/labs/${ID}/objects`, { id: ID });
    expect(objects.status).toBe(200);
    expect(objects.body.containers.sort()).toEqual([
      name("client"),
      name("lone"),
      name("lone2"),
      name("web"),
    ]);
    expect(objects.body.networks).toEqual([name("net")]);
    expect(objects.body.services).toEqual([]);

    expect(
      (
        await call(
          routes.reset,
          `/api/labs/${ID}/reset`,
          { id: ID },
          { method: "POST", as: "viewer", body: {} },
        )
      ).status,
    ).toBe(403);
    const reset = await call<LabResetDto>(
      routes.reset,
      `/api/labs/${ID}/reset`,
      { id: ID },
      { method: "POST", as: "operator", body: {} },
    );
    expect(reset.status).toBe(200);
    expect(reset.body.failed).toEqual([]);
    expect(reset.body.removed.containers.sort()).toEqual(objects.body.containers);
    expect(reset.body.removed.networks).toEqual([name("net")]);
    expect(engineListing()).toEqual(before);
    const after = await call<LabObjects>(routes.objects, `/api/labs/${ID}/objects`, { id: ID });
    expect(after.body).toEqual({ containers: [], services: [], networks: [] });
    expect(queryAudit({ action: "lab.reset", target: `local/${ID}`, result: "ok" }, 10, 0).total).toBe(1);
    // Every command gave its process slot back.
    expect(limitCounts().processesRunning).toBe(0);
  }, 60_000);
});

describe("the routes with the lab library", () => {
  it("lists the shipped labs, each saying whether it can run here: a swarm lab cannot with one engine", async () => {
    const answer = await call<LabsListDto>(getLabs, "/api/labs");
    expect(answer.status).toBe(200);
    expect(answer.body.labs.length).toBeGreaterThan(0);
    for (const lab of answer.body.labs) {
      if (lab.needs === "one-engine")
        expect(lab, JSON.stringify(lab)).toMatchObject({ runnable: true, why: null });
      else expect(lab.why, lab.id).toMatch(/swarm manager/);
    }
  });

  it("answers 404 for a lab the library does not have, 403 to a viewer", async () => {
    const path = "/api/labs/natest-no-such-lab/steps/1";
    const params = { id: "natest-no-such-lab", n: "1" };
    const unknown = await call<{ error: { message: string } }>(postStep, path, params, {
      method: "POST",
      as: "operator",
      body: {},
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No lab "natest-no-such-lab" in the library.');
    expect((await call(postStep, path, params, { method: "POST", as: "viewer", body: {} })).status).toBe(403);
  });
});

describe("the docker CLI as labs run it", () => {
  const engine = () => parseEngineConfig(process.env)[0] as ReturnType<typeof parseEngineConfig>[number];

  it("streams the output line by line, and keeps at most 64 KiB of it, saying so", async () => {
    const lines: string[] = [];
    // 20,000 lines of 5 bytes: 100,000 bytes, more than the cap.
    const r = await runDocker(
      engine(),
      ["run", "--rm", "--label", LABEL, TEST_IMAGE, "sh", "-c", "seq 10000 29999"],
      { onLine: (text) => lines.push(text) },
    );
    expect(r).toMatchObject({ ok: true, exitCode: 0, truncated: true, timedOut: false });
    expect(lines[0]).toBe("10000");
    expect(lines.at(-1)).toBe(`(output cut at ${CLI_LIMITS.maxOutputBytes / 1024} KiB)`);
    expect(lines.slice(0, -1).every((l, i) => l === String(10000 + i))).toBe(true);
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(CLI_LIMITS.maxOutputBytes);
    expect(lines.length - 1).toBe(Math.floor(CLI_LIMITS.maxOutputBytes / 6));
  }, 60_000);

  it("kills a command at its time limit and says so", async () => {
    const started = Date.now();
    const r = await runDocker(
      engine(),
      ["run", "--rm", "--label", LABEL, "--name", name("slow"), TEST_IMAGE, "sleep", "30"],
      { timeoutMs: 1500 },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r).toMatchObject({ ok: false, exitCode: -1, timedOut: true });
    expect(r.message).toMatch(/^killed after 1.5 s/);
    expect(limitCounts().processesRunning).toBe(0);
  }, 60_000);

  it("talks to the engine of its configuration only, whatever this process's DOCKER_* say", async () => {
    const saved = { host: process.env.DOCKER_HOST, context: process.env.DOCKER_CONTEXT };
    process.env.DOCKER_HOST = "unix:///nonexistent/docker.sock";
    process.env.DOCKER_CONTEXT = "natest-no-such-context";
    try {
      const r = await runDocker({ ...engine(), host: saved.host as string }, [
        "version",
        "--format",
        "{{.Server.Version}}",
      ]);
      expect(r.ok, r.message).toBe(true);
      expect(r.stdout).toBe(
        docker(["version", "--format", "{{.Server.Version}}"], {
          ...process.env,
          DOCKER_HOST: saved.host,
          DOCKER_CONTEXT: "",
        }),
      );
    } finally {
      process.env.DOCKER_HOST = saved.host;
      if (saved.context === undefined) delete process.env.DOCKER_CONTEXT;
      else process.env.DOCKER_CONTEXT = saved.context;
    }
    expect(dockerCliPath({ PATH: "/nonexistent" })).toBeNull();
    expect(dockerCliPath()).not.toBeNull();
  });
});
