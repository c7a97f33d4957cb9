import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { LabDto } from "@/lib/api/labs";
import { parseLab } from "./format";
import { splitWords } from "./shell-words";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

function labOf(text: string, file: string, opts?: { image?: string; parent?: string }): LabDto {
  const got = parseLab(text, file, opts);
  if ("errors" in got) throw new Error(`unexpected errors:\n${got.errors.join("\n")}`);
  return got.lab;
}

function errorsOf(text: string, file = "demo.yaml"): string[] {
  const got = parseLab(text, file);
  if ("lab" in got) throw new Error("expected errors, the lab validated");
  return got.errors;
}

/** The one error of a file, which must start with `start` (file, line and path, and often the whole message). */
function oneError(text: string, start: string): void {
  const errors = errorsOf(text);
  expect(errors).toHaveLength(1);
  expect(errors[0]?.startsWith(start), `${errors[0]}\n  does not start with\n${start}`).toBe(true);
}

// Lines 1-6; the first step starts on line 7.
const HEAD = [
  "id: demo",
  "title: Demo",
  "summary: A demo.",
  "level: beginner",
  "needs: one-engine",
  "steps:",
];
const SWARM_HEAD = HEAD.map((l) => (l === "needs: one-engine" ? "needs: swarm" : l));
// Lines 7-10: a step that makes the container lab-a.
const STEP = [
  "  - title: One",
  "    narration: Text.",
  "    run:",
  "      - docker run -d --name lab-a {tools} sleep 1d",
];
const text = (...lines: string[]) => `${lines.join("\n")}\n`;
/** A file whose first step's run list continues with these commands (from line 11). */
const commands = (...cmds: string[]) => text(...HEAD, ...STEP, ...cmds.map((c) => `      - ${c}`));

describe("parseLab: a valid lab", () => {
  const lab = labOf(fixture("one/bridges-demo.yaml"), "bridges-demo.yaml", { image: "reg.local/tools:7" });
  const [first, second, third] = lab.steps;

  it("reads every key", () => {
    expect(lab).toMatchObject({
      id: "bridges-demo",
      title: "Default bridge versus a user-defined bridge",
      level: "beginner",
      needs: "one-engine",
      concepts: ["bridge", "dns", "icc"],
      images: ["reg.local/tools:7"],
    });
    expect(lab.steps).toHaveLength(3);
    expect(first?.narration).toBe(
      "Containers on the default `bridge` network reach each other by address only.\n\nThe default bridge has no DNS.",
    );
    expect(first?.focus).toEqual(["container:lab-web", "network:bridge"]);
    expect(first?.check).toEqual({
      says: "`ping lab-web` fails here: the default bridge has no DNS",
      probe: { kind: "ping", from: "lab-client", target: "lab-web", port: null, path: null },
      expect: "fail",
      repeat: 1,
      distinct: null,
      answers: null,
      contains: null,
    });
    expect(second?.task).toBe("Connect lab-client to lab-net yourself");
    expect(second?.check).toMatchObject({
      probe: { kind: "http", port: 80, path: "/" },
      repeat: 3,
      distinct: 2,
      contains: "it's me",
    });
    expect(third?.check).toBeNull();
  });

  it("adds the lab label after run and network create, and substitutes {tools} and {parent}", () => {
    expect(first?.run[0]).toEqual({
      line: "docker run --label netatlas.lab=bridges-demo -d --name lab-web reg.local/tools:7 httpd -f -p 80 -h /www",
      argv: [
        "run",
        "--label",
        "netatlas.lab=bridges-demo",
        "-d",
        "--name",
        "lab-web",
        "reg.local/tools:7",
        "httpd",
        "-f",
        "-p",
        "80",
        "-h",
        "/www",
      ],
      expectFailure: null,
      on: "manager",
    });
    expect(first?.run[2]?.expectFailure).toBe("port is already allocated");
    expect(second?.run[1]?.line).toBe(
      "docker network create --label netatlas.lab=bridges-demo -d macvlan -o parent=eth0 lab-mac",
    );
    const withParent = labOf(fixture("one/bridges-demo.yaml"), "bridges-demo.yaml", { parent: "ens3" });
    expect(withParent.steps[1]?.run[1]?.argv).toContain("parent=ens3");
    expect(withParent.images).toEqual(["netatlas/lab:1"]);
    // Commands that create nothing are left as written.
    expect(second?.run[2]?.argv).toEqual(["network", "connect", "lab-net", "lab-web"]);
    expect(second?.solution).toEqual([
      {
        line: "docker network connect lab-net lab-client",
        argv: ["network", "connect", "lab-net", "lab-client"],
        expectFailure: null,
        on: "manager",
      },
    ]);
  });

  it("shows each command as a line that reads back to exactly its argv", () => {
    const exec = second?.run[3];
    expect(exec?.argv).toEqual(["exec", "lab-web", "sh", "-c", `echo "it's me" > /www/index.html`]);
    expect(exec?.line).toBe(`docker exec lab-web sh -c 'echo "it'\\''s me" > /www/index.html'`);
    for (const step of lab.steps) {
      for (const command of [...step.run, ...step.solution]) {
        expect(splitWords(command.line)).toEqual({ words: ["docker", ...command.argv] });
      }
    }
  });

  it("reads a swarm lab: both labels on service create, on: worker, images in order of first use", () => {
    const swarm = labOf(fixture("two/swarm-demo.yaml"), "swarm-demo.yaml");
    const run = swarm.steps[0]?.run ?? [];
    expect(run[1]?.argv.slice(0, 6)).toEqual([
      "service",
      "create",
      "--label",
      "netatlas.lab=swarm-demo",
      "--container-label",
      "netatlas.lab=swarm-demo",
    ]);
    expect(run[2]?.on).toBe("worker");
    expect(swarm.steps[0]?.check).toMatchObject({
      probe: { kind: "dns" },
      repeat: 4,
      distinct: 2,
      answers: 2,
    });
    expect(swarm.images).toEqual(["netatlas/lab:1", "busybox:1.36"]);
  });

  it("accepts a command in every allowed form", () => {
    const lab = labOf(
      commands(
        "docker create --name=lab-b -e A=1 -l x=y --network bridge --cap-add net_admin {tools} true",
        "docker run -dit --name lab-c -p8080:80 --network container:lab-a {tools} sh",
        "docker start lab-b",
        "docker pause lab-a",
        "docker unpause lab-a",
        "docker restart -t 1 lab-a",
        "docker stop lab-a",
        "docker kill -s KILL lab-c",
        "docker rename lab-b lab-d",
        "docker inspect -f '{{.State.Status}}' lab-d bridge",
        "docker rm lab-d -f",
      ),
      "demo.yaml",
    );
    expect(lab.steps[0]?.run.map((c) => c.argv[0])).toEqual([
      "run",
      "create",
      "run",
      "start",
      "pause",
      "unpause",
      "restart",
      "stop",
      "kill",
      "rename",
      "inspect",
      "rm",
    ]);
    expect(lab.steps[0]?.run[10]?.line).toBe("docker inspect -f '{{.State.Status}}' lab-d bridge");
  });
});

describe("parseLab: each broken file names its line", () => {
  it("a YAML syntax error, at the yaml parser's line", () => {
    oneError(text("id: demo", "title: Demo", "summary: a: b"), "demo.yaml line 3: YAML: ");
  });

  it("a duplicate key", () => {
    oneError(text(...HEAD, ...STEP, "    title: Again"), "demo.yaml line 11: YAML: Map keys must be unique");
  });

  it("an empty file", () => {
    oneError("", "demo.yaml line 1: (top): a mapping (key: value lines), not nothing");
  });

  it("an unknown key, with the key it was probably meant to be", () => {
    expect(errorsOf(text(...HEAD, "  - title: One", "    narations: Text."))).toEqual([
      "demo.yaml line 7: steps[0].narration: missing (required)",
      "demo.yaml line 8: steps[0].narations: unknown key (did you mean narration?); expected one of title, narration, run, focus, check, task, solution",
    ]);
    oneError(
      text("titel: x", ...HEAD, ...STEP),
      "demo.yaml line 1: titel: unknown key (did you mean title?)",
    );
  });

  it("a missing required key, on its mapping's first line", () => {
    oneError(
      text(...HEAD, "  - title: One", "    run: []"),
      "demo.yaml line 7: steps[0].narration: missing (required)",
    );
    oneError(
      text(...HEAD.filter((l) => !l.startsWith("summary")), ...STEP),
      "demo.yaml line 1: summary: missing (required)",
    );
    oneError(
      text(...HEAD, ...STEP, "    task:"),
      "demo.yaml line 11: steps[0].task: has no value (give it one, or leave the key out)",
    );
  });

  it("a value of the wrong type", () => {
    oneError(
      text(...HEAD.slice(0, 5), "steps: yes"),
      'demo.yaml line 6: steps: a list (lines starting with "- ", or [a, b]), not the text "yes"',
    );
    oneError(
      text("id: demo", "title: 12", ...HEAD.slice(2), ...STEP),
      "demo.yaml line 2: title: a string, not a number (12)",
    );
    oneError(
      text(...HEAD, ...STEP, "      - [docker, ps]"),
      "demo.yaml line 11: steps[0].run[1]: a command: a string, or a mapping with cmd",
    );
  });

  it("a value outside its choices", () => {
    oneError(
      text(...HEAD.map((l) => l.replace("beginner", "expert")), ...STEP),
      'demo.yaml line 4: level: one of beginner, intermediate, advanced, not "expert"',
    );
  });

  it("an id other than the file's name, or not a slug", () => {
    expect(errorsOf(text(...HEAD, ...STEP), "labs/other.yaml")).toEqual([
      'other.yaml line 1: id: "demo" must equal the file\'s name without .yaml ("other")',
    ]);
    oneError(text("id: Demo_1", ...HEAD.slice(1), ...STEP), "demo.yaml line 1: id: 2 to 40 characters");
  });

  it("an empty steps list", () => {
    oneError(text(...HEAD.slice(0, 5), "steps: []"), "demo.yaml line 6: steps: at least one step");
  });

  it("an alias", () => {
    oneError(
      text(...HEAD, ...STEP, "    task: &t Do it", "  - title: Two", "    narration: *t"),
      "demo.yaml line 13: steps[1].narration: anchors and aliases",
    );
  });

  it("a focus entry that is not kind:name", () => {
    oneError(
      text(...HEAD, ...STEP, "    focus: [container:lab-a,", "      web]"),
      'demo.yaml line 12: steps[0].focus[1]: container:NAME, network:NAME or service:NAME, not "web"',
    );
  });
});

describe("parseLab: broken checks", () => {
  const check = (...lines: string[]) =>
    text(
      ...HEAD,
      ...STEP,
      "    check:",
      "      says: it works",
      "      from: lab-a",
      "      target: 10.0.0.1",
      ...lines,
    );
  // The check's own lines start at 15.

  it("a bad probe kind", () => {
    oneError(
      check("      probe: pong", "      expect: ok"),
      'demo.yaml line 15: steps[0].check.probe: one of ping, tcp, http, dns, not "pong"',
    );
  });

  it("tcp without a port", () => {
    oneError(
      check("      probe: tcp", "      expect: ok"),
      "demo.yaml line 15: steps[0].check.port: required for tcp",
    );
  });

  it("repeat outside 1..10", () => {
    oneError(
      check("      probe: ping", "      expect: ok", "      repeat: 11"),
      "demo.yaml line 17: steps[0].check.repeat: a whole number from 1 to 10, not 11",
    );
    oneError(
      check("      probe: ping", "      expect: ok", "      repeat: 0"),
      "demo.yaml line 17: steps[0].check.repeat:",
    );
    oneError(
      check("      probe: ping", "      expect: ok", '      repeat: "3"'),
      'demo.yaml line 17: steps[0].check.repeat: a whole number from 1 to 10, not the text "3"',
    );
  });

  it("distinct without repeat", () => {
    oneError(
      check("      probe: http", "      expect: ok", "      distinct: 2"),
      "demo.yaml line 17: steps[0].check.distinct: only with repeat of 2 or more",
    );
    oneError(
      check("      probe: http", "      expect: ok", "      repeat: 2", "      distinct: 3"),
      "demo.yaml line 18: steps[0].check.distinct: at most repeat (2)",
    );
  });

  it("answers for anything but dns, and keys that belong to other probes", () => {
    oneError(
      check("      probe: http", "      expect: ok", "      answers: 2"),
      "demo.yaml line 17: steps[0].check.answers: only for probe: dns, not http",
    );
    oneError(
      check("      probe: ping", "      expect: ok", "      port: 80"),
      "demo.yaml line 17: steps[0].check.port: only for probe: tcp or http, not ping",
    );
    oneError(
      check("      probe: http", "      expect: ok", "      path: index.html"),
      'demo.yaml line 17: steps[0].check.path: starts with "/"',
    );
  });

  it("an answer to match while expecting failure", () => {
    oneError(
      check("      probe: dns", "      expect: fail", "      contains: 10.0.0.2"),
      "demo.yaml line 17: steps[0].check.contains: only with expect: ok",
    );
  });

  it("a probe from a container the lab does not make", () => {
    oneError(
      text(
        ...HEAD,
        ...STEP,
        "    check:",
        "      says: x",
        "      probe: ping",
        "      from: db",
        "      target: lab-a",
        "      expect: ok",
      ),
      'demo.yaml line 14: steps[0].check.from: container "db" is not made by this lab by this step',
    );
  });
});

describe("parseLab: broken commands", () => {
  it("unbalanced quotes", () => {
    oneError(
      commands("docker exec lab-a sh -c 'echo hi"),
      "demo.yaml line 11: steps[0].run[1]: unbalanced ' at column 25",
    );
  });

  it("a shell operator outside quotes", () => {
    oneError(
      commands("docker exec lab-a ls && docker rm -f lab-a"),
      "demo.yaml line 11: steps[0].run[1]: shell operator && outside quotes",
    );
  });

  it("a first word other than docker", () => {
    oneError(
      commands("podman rm -f lab-a"),
      'demo.yaml line 11: steps[0].run[1]: a lab command starts with docker, not "podman"',
    );
  });

  it("a subcommand labs may not run, or docker's own options", () => {
    oneError(
      commands("docker system prune -f"),
      "demo.yaml line 11: steps[0].run[1]: docker system is not a command labs may run; allowed: run, create,",
    );
    oneError(
      commands("docker network prune"),
      "demo.yaml line 11: steps[0].run[1]: docker network prune is not a command labs may run; allowed: network create, network connect, network disconnect, network rm",
    );
    oneError(
      commands("docker -H tcp://elsewhere rm lab-a"),
      "demo.yaml line 11: steps[0].run[1]: docker's own options (-H) are not allowed",
    );
  });

  it("an option not on the list (mounts, privileges)", () => {
    oneError(
      commands("docker run -v /:/host {tools} true"),
      "demo.yaml line 11: steps[0].run[1]: docker run: option -v is not one lab commands may use",
    );
    oneError(
      commands("docker run --cap-add SYS_ADMIN {tools} true"),
      "demo.yaml line 11: steps[0].run[1]: docker run: --cap-add SYS_ADMIN: labs may add only NET_ADMIN, NET_RAW, NET_BIND_SERVICE",
    );
    oneError(
      commands("docker run --privileged {tools} true"),
      "demo.yaml line 11: steps[0].run[1]: docker run: option --privileged is not one",
    );
  });

  it("an unknown placeholder, and a lab label written by hand", () => {
    oneError(
      commands("docker run -d {tool} true"),
      "demo.yaml line 11: steps[0].run[1]: unknown placeholder {tool}",
    );
    oneError(
      commands("docker run -l netatlas.lab=other {tools} true"),
      "demo.yaml line 11: steps[0].run[1]: --label netatlas.lab=other: netatlas.lab is the lab label",
    );
  });

  it("the safety rule: changing an object the lab does not make", () => {
    oneError(
      commands("docker rm -f production-db"),
      'demo.yaml line 11: steps[0].run[1]: docker rm: container "production-db" is not made by this lab before this command',
    );
    oneError(
      commands("docker network connect prod-net lab-a"),
      'demo.yaml line 11: steps[0].run[1]: docker network connect: network "prod-net" is not made by this lab',
    );
    oneError(
      commands("docker exec prod sh"),
      'demo.yaml line 11: steps[0].run[1]: docker exec: container "prod" is not made',
    );
    oneError(
      commands("docker run --network prod-net {tools} true"),
      'demo.yaml line 11: steps[0].run[1]: docker run: network "prod-net" is not made',
    );
    oneError(
      commands("docker network rm bridge"),
      'demo.yaml line 11: steps[0].run[1]: docker network rm: network "bridge" is not made',
    );
  });

  it("a command missing what it acts on, or asking for a terminal it cannot have", () => {
    oneError(
      commands("docker exec lab-a"),
      "demo.yaml line 11: steps[0].run[1]: docker exec: no command to run in the container",
    );
    oneError(
      commands("docker run -it {tools} sh"),
      "demo.yaml line 11: steps[0].run[1]: docker run: -i and -t only with -d",
    );
    oneError(commands("docker run -d"), "demo.yaml line 11: steps[0].run[1]: docker run: no image");
    oneError(
      commands("docker inspect prod-db"),
      'demo.yaml line 11: steps[0].run[1]: docker inspect: "prod-db" is not made by this lab',
    );
    oneError(
      text(
        ...SWARM_HEAD,
        ...STEP,
        "      - docker service create --name s {tools} true",
        "      - docker service scale s=two",
      ),
      'demo.yaml line 12: steps[0].run[2]: docker service scale: "s=two" is not SERVICE=REPLICAS',
    );
    oneError(
      text(...SWARM_HEAD, ...STEP, "      - cmd: docker service rm s", "        on: worker"),
      "demo.yaml line 11: steps[0].run[1].cmd: docker service rm runs on the manager, not on: worker",
    );
  });

  it("the safety rule: a name used before the command that makes it", () => {
    oneError(
      text(
        ...HEAD,
        "  - title: One",
        "    narration: Text.",
        "    run:",
        "      - docker stop lab-b",
        "      - docker run -d --name lab-b {tools} true",
      ),
      'demo.yaml line 10: steps[0].run[0]: docker stop: container "lab-b" is not made by this lab before this command',
    );
  });

  it("the predefined networks are fine to connect to, not to remove", () => {
    expect(
      labOf(
        commands("docker network connect bridge lab-a", "docker network disconnect -f bridge lab-a"),
        "demo.yaml",
      ).steps,
    ).toHaveLength(1);
  });

  it("on: worker and services only in swarm labs", () => {
    oneError(
      text(...HEAD, ...STEP, "      - cmd: docker stop lab-a", "        on: worker"),
      "demo.yaml line 12: steps[0].run[1].on: on: worker only in labs with needs: swarm",
    );
    oneError(
      commands("docker service create --name s {tools} true"),
      "demo.yaml line 11: steps[0].run[1]: docker service create needs a swarm",
    );
    oneError(
      commands("docker network create -d overlay ov"),
      "demo.yaml line 11: steps[0].run[1]: docker network create: an overlay network needs a swarm",
    );
    expect(
      labOf(text(...SWARM_HEAD, ...STEP, "      - cmd: docker stop lab-a", "        on: worker"), "demo.yaml")
        .steps[0]?.run[1]?.on,
    ).toBe("worker");
  });

  it("a command mapping's line is its cmd's line", () => {
    oneError(
      text(...HEAD, ...STEP, "      - expect-failure: x", "        cmd: docker rm nobody"),
      'demo.yaml line 12: steps[0].run[1].cmd: docker rm: container "nobody"',
    );
  });

  it("reports every problem of a file, in line order", () => {
    const errors = errorsOf(
      text(
        "id: demo",
        "title: Demo",
        "summary: A demo.",
        "level: hard",
        "needs: one-engine",
        "steps:",
        "  - title: One",
        "    narration: x",
        "    run: [docker ps]",
        "    focus: [web]",
      ),
    );
    expect(errors.map((e) => e.split(":")[0])).toEqual([
      "demo.yaml line 4",
      "demo.yaml line 9",
      "demo.yaml line 10",
    ]);
  });
});
