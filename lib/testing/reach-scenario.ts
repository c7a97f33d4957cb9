// For the reach and names integration test (and the recorder of its fixtures): a scenario on the lab engine at
// DOCKER_HOST that exercises every reason the reach model knows, built with the real docker CLI and iproute2:
// public, app and --internal data networks, a bridge with inter-container traffic off, one without masquerade,
// the default bridge with a legacy link, none, host, container:X, a stopped and a paused container, shared and
// linked aliases, custom DNS, ports published on 127.0.0.1 and on every address, two DOCKER-USER rules in the
// engine's namespace (one DROP for a pair, one REJECT for a port), and an "outside" namespace linked to the
// engine's host. Everything carries the run's prefix or comment and is removed by cleanup().
import { execFileSync } from "node:child_process";
import { docker, labDockerHost, type TestObjects, testObjects } from "./docker-cli";

export const CONTAINER_ROLES = [
  "web",
  "worker",
  "api",
  "cache",
  "db",
  "icc1",
  "icc2",
  "legacy1",
  "legacy2",
  "linky",
  "dnsy",
  "isolated",
  "hoster",
  "sidecar",
  "masq",
  "stopped",
  "paused",
] as const;
export type ContainerRole = (typeof CONTAINER_ROLES)[number];
export type NetworkRole = "pub" | "app" | "data" | "noicc" | "nomasq";

export interface ReachScenario {
  t: TestObjects;
  /** The engine host's network namespace file (lab slot). */
  netns: string;
  /** Container names by role (web, api, …), as created. */
  c: Record<ContainerRole, string>;
  /** Network names by role. */
  n: Record<NetworkRole, string>;
  /** Ports on the engine's host: web publishes loopbackPort on 127.0.0.1 and anyPort on every address. */
  ports: { loopbackPort: number; anyPort: number; hostStackPort: number };
  /** The outside namespace: its file, its address, and the engine side's address of the link. */
  outside: { netns: string; address: string; engineAddress: string };
  /** Containers that can run probes (running, not paused). */
  sources: string[];
  cleanup(): void;
}

export const HTTP = ["httpd", "-f", "-p", "80"];

function sh(args: string[]): string {
  return execFileSync(args[0] as string, args.slice(1), { encoding: "utf8", timeout: 30_000 }).trim();
}

export function inNetns(netns: string, args: string[]): string {
  return sh(["nsenter", `--net=${netns}`, ...args]);
}

/** Background jobs for a batch script, at most `width` at a time (a wait after each group). */
export function inGroups(jobs: string[], width = 24): string {
  const lines: string[] = [];
  jobs.forEach((job, i) => {
    lines.push(job);
    if ((i + 1) % width === 0) lines.push("wait");
  });
  lines.push("wait");
  return lines.join("\n");
}

/**
 * Looks every name up with nslookup inside one container (in one exec, a few at a time; each name with a final dot,
 * so search domains play no part), and answers the addresses each gave, sorted, none when it did not resolve.
 * `run` executes a script in the container.
 */
export function lookUpAll(
  run: (script: string) => string,
  names: string[],
  timeoutS = 1,
): Map<string, string[]> {
  const out = run(
    inGroups(
      names.map(
        (name, i) =>
          `( r=$(nslookup -timeout=${timeoutS} -retry=1 ${name}. 2>&1); printf '### ${i}\\n%s\\n' "$r" ) &`,
      ),
    ),
  );
  const answers = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const block of out.split(/^### /m).slice(1)) {
    const [head, ...body] = block.split("\n");
    // The server's own "Address:" line comes before the answer's "Name:".
    const answer = body
      .join("\n")
      .split(/^Name:/m)
      .slice(1)
      .join("\n");
    const name = names[Number(head)];
    if (name !== undefined)
      answers.set(
        name,
        [...new Set([...answer.matchAll(/^Address:\s*(\S+)$/gm)].map((m) => m[1] as string))].sort(),
      );
  }
  return answers;
}

/** docker exec A sh -c script: one exec runs a whole batch of probes. */
export function execIn(container: string, script: string, timeoutMs = 60_000): string {
  try {
    return execFileSync("docker", ["exec", container, "sh", "-c", script], {
      encoding: "utf8",
      timeout: timeoutMs,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    const e = err as { stdout?: string };
    return e.stdout ?? "";
  }
}

export function ipOf(container: string, network: string): string {
  return docker(["inspect", "-f", `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, container]);
}

function waitRunning(names: string[]): void {
  for (let i = 0; i < 50; i++) {
    const states = docker(["inspect", "-f", "{{.State.Status}}", ...names]).split("\n");
    if (states.every((s) => s === "running")) return;
    execFileSync("sleep", ["0.2"]);
  }
  throw new Error(`containers did not start: ${names.join(", ")}`);
}

export function buildReachScenario(): ReachScenario {
  const host = labDockerHost();
  const slot = /^unix:\/\/\/run\/netatlas-lab\/([^/]+)\/docker\.sock$/.exec(host)?.[1] ?? "";
  const netns = `/var/run/netns/netatlas-${slot}`;
  const t = testObjects();
  const run = t.prefix.split("-")[1] as string;
  const comment = `natest-${run}`;
  const k = 20 + (Number.parseInt(run.slice(0, 2), 16) % 200);
  const ports = {
    loopbackPort: 20000 + k * 10,
    anyPort: 20000 + k * 10 + 1,
    hostStackPort: 20000 + k * 10 + 2,
  };
  const outsideNs = `natest-${run}`;
  const outside = {
    netns: `/var/run/netns/${outsideNs}`,
    address: `10.162.${k}.2`,
    engineAddress: `10.162.${k}.1`,
  };
  const rules: string[][] = [];
  const images: string[] = [];
  const cleanup = () => {
    for (const rule of rules) {
      try {
        inNetns(netns, ["iptables", "-D", "DOCKER-USER", ...rule]);
      } catch {
        // already gone
      }
    }
    try {
      sh(["ip", "netns", "del", outsideNs]);
    } catch {
      // never made
    }
    // Usually gone already with the outside namespace (its veth peer went with it).
    inNetns(netns, ["sh", "-c", `ip link del nao${run} 2>/dev/null || true`]);
    t.cleanup();
    for (const image of images) {
      try {
        docker(["rmi", image]);
      } catch {
        // never tagged
      }
    }
  };
  try {
    const n: Record<NetworkRole, string> = {
      pub: t.network("pub", ["--subnet", `10.161.${k}.0/27`]),
      app: t.network("app", ["--subnet", `10.161.${k}.32/27`]),
      data: t.network("data", ["--internal", "--subnet", `10.161.${k}.64/27`]),
      noicc: t.network("noicc", [
        "--subnet",
        `10.161.${k}.96/27`,
        "-o",
        "com.docker.network.bridge.enable_icc=false",
      ]),
      nomasq: t.network("nomasq", [
        "--subnet",
        `10.161.${k}.128/27`,
        "-o",
        "com.docker.network.bridge.enable_ip_masquerade=false",
      ]),
    };
    const c = {} as Record<ContainerRole, string>;
    // web's configuration names db, which is on a network web is not on (a finding).
    c.web = t.run(
      "web",
      [
        "--network",
        n.pub,
        "--network-alias",
        "frontend",
        "-p",
        `127.0.0.1:${ports.loopbackPort}:80`,
        "-p",
        `${ports.anyPort}:80`,
        "-e",
        `API_URL=http://${t.name("db")}:80/`,
      ],
      HTTP,
    );
    docker(["network", "connect", n.app, c.web]);
    c.worker = t.run("worker", ["--network", n.app], HTTP);
    docker(["network", "connect", n.pub, c.worker]);
    c.api = t.run(
      "api",
      ["--network", n.app, "--network-alias", "backend", "--network-alias", "shared"],
      HTTP,
    );
    docker(["network", "connect", "--alias", "apidata", n.data, c.api]);
    // cache runs the same busybox under another name: "shared" is then an alias of two different images.
    const otherImage = `${t.prefix}img:other`;
    docker(["tag", "netatlas/busybox:latest", otherImage]);
    images.push(otherImage);
    c.cache = t.name("cache");
    docker([
      "run",
      "-d",
      "--name",
      c.cache,
      "--label",
      t.label,
      "--network",
      n.app,
      "--network-alias",
      "shared",
      otherImage,
      ...HTTP,
    ]);
    c.db = t.run("db", ["--network", n.data, "--network-alias", "database"], HTTP);
    c.icc1 = t.run("icc1", ["--network", n.noicc], HTTP);
    c.icc2 = t.run("icc2", ["--network", n.noicc], HTTP);
    // legacy1's configuration names legacy2: on the default bridge that name never resolves (a finding).
    c.legacy1 = t.run("legacy1", ["--dns", "127.0.0.1", "-e", `PEER_HOST=${t.name("legacy2")}`], HTTP);
    c.legacy2 = t.run("legacy2", ["--link", `${c.legacy1}:oldfriend`], HTTP);
    c.linky = t.run("linky", ["--network", n.app, "--link", `${c.web}:webby`], HTTP);
    c.dnsy = t.run(
      "dnsy",
      [
        "--network",
        n.app,
        "--dns",
        "10.161.250.9",
        "--dns-search",
        "example.test",
        "--dns-option",
        "ndots:2",
        "--add-host",
        "extra.test:10.161.250.10",
        "--hostname",
        "dnsyhost",
      ],
      HTTP,
    );
    c.isolated = t.run("isolated", ["--network", "none"], HTTP);
    c.hoster = t.run("hoster", ["--network", "host"], ["httpd", "-f", "-p", String(ports.hostStackPort)]);
    c.sidecar = t.run("sidecar", ["--network", `container:${c.api}`], ["httpd", "-f", "-p", "81"]);
    c.masq = t.run("masq", ["--network", n.nomasq], HTTP);
    c.stopped = t.run("stopped", ["--network", n.app], ["true"]);
    c.paused = t.run("paused", ["--network", n.app], HTTP);
    waitRunning([
      c.web,
      c.worker,
      c.api,
      c.cache,
      c.db,
      c.icc1,
      c.icc2,
      c.legacy1,
      c.legacy2,
      c.linky,
      c.dnsy,
      c.isolated,
      c.hoster,
      c.sidecar,
      c.masq,
      c.paused,
    ]);
    docker(["pause", c.paused]);
    docker(["wait", c.stopped]);

    // A DROP for one pair (web → cache on app) and a REJECT for one port (dnsy → api, tcp/80), in DOCKER-USER.
    const drop = [
      "-s",
      `${ipOf(c.web, n.app)}/32`,
      "-d",
      `${ipOf(c.cache, n.app)}/32`,
      "-m",
      "comment",
      "--comment",
      comment,
      "-j",
      "DROP",
    ];
    const reject = [
      "-s",
      `${ipOf(c.dnsy, n.app)}/32`,
      "-d",
      `${ipOf(c.api, n.app)}/32`,
      "-p",
      "tcp",
      "-m",
      "tcp",
      "--dport",
      "80",
      "-m",
      "comment",
      "--comment",
      comment,
      "-j",
      "REJECT",
    ];
    for (const rule of [drop, reject]) {
      inNetns(netns, ["iptables", "-I", "DOCKER-USER", ...rule]);
      rules.push(rule);
    }

    // The outside: a namespace of its own, linked to the engine's host by a veth pair.
    sh(["ip", "netns", "add", outsideNs]);
    inNetns(netns, ["ip", "link", "add", `nao${run}`, "type", "veth", "peer", "name", `nai${run}`]);
    inNetns(netns, ["ip", "link", "set", `nai${run}`, "netns", outside.netns]);
    inNetns(netns, ["ip", "addr", "add", `${outside.engineAddress}/30`, "dev", `nao${run}`]);
    inNetns(netns, ["ip", "link", "set", `nao${run}`, "up"]);
    inNetns(outside.netns, ["ip", "addr", "add", `${outside.address}/30`, "dev", `nai${run}`]);
    inNetns(outside.netns, ["ip", "link", "set", `nai${run}`, "up"]);
    inNetns(outside.netns, ["ip", "link", "set", "lo", "up"]);

    const sources = Object.entries(c)
      .filter(([role]) => role !== "stopped" && role !== "paused")
      .map(([, name]) => name);
    return { t, netns, c, n, ports, outside, sources, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** Whether a TCP connection from a namespace to address:port succeeds within 2 s. */
export function connectFrom(netns: string, address: string, port: number): boolean {
  try {
    sh(["nsenter", `--net=${netns}`, "timeout", "2", "bash", "-c", `exec 3<>/dev/tcp/${address}/${port}`]);
    return true;
  } catch {
    return false;
  }
}
