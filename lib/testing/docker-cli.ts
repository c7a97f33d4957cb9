// For integration tests: the real docker CLI against the lab engine at DOCKER_HOST, and the objects a test run
// creates, all named with one prefix and labelled with its run id so clean-up removes exactly those.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

export const TEST_IMAGE = "netatlas/busybox:latest";

export function docker(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync("docker", args, {
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    }).trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`docker ${args.join(" ")} failed: ${e.stderr?.trim() || e.message}`);
  }
}

export function inspect<T = Record<string, unknown>>(kind: "network" | "container", ref: string): T {
  return (JSON.parse(docker([kind, "inspect", ref])) as T[])[0] as T;
}

/** The lab engine the suite runs against; integration tests refuse to run anywhere else. */
export function labDockerHost(): string {
  const host = process.env.DOCKER_HOST;
  if (!host?.startsWith("unix:///run/netatlas-lab/")) {
    throw new Error(
      `Integration tests run only against a lab engine (DOCKER_HOST=unix:///run/netatlas-lab/<slot>/docker.sock), not ${host ?? "the default socket"}. Run them with npm test.`,
    );
  }
  return host;
}

export interface TestObjects {
  /** Prefix of every name this run creates, e.g. "natest-3fa2c1-". */
  prefix: string;
  label: string;
  name(suffix: string): string;
  network(suffix: string, options?: string[]): string;
  /** docker run -d with the test label; `args` are run options, then the image and command are added. */
  run(suffix: string, args: string[], command?: string[]): string;
  cleanup(): void;
}

export function testObjects(): TestObjects {
  labDockerHost();
  const runId = randomBytes(3).toString("hex");
  const prefix = `natest-${runId}-`;
  const label = `netatlas.test=${runId}`;
  const name = (suffix: string) => `${prefix}${suffix}`;
  return {
    prefix,
    label,
    name,
    network(suffix, options = []) {
      docker(["network", "create", "--label", label, ...options, name(suffix)]);
      return name(suffix);
    },
    run(suffix, args, command = ["sleep", "2147483647"]) {
      docker(["run", "-d", "--name", name(suffix), "--label", label, ...args, TEST_IMAGE, ...command]);
      return name(suffix);
    },
    cleanup() {
      const containers = docker(["ps", "-aq", "--filter", `label=${label}`])
        .split("\n")
        .filter(Boolean);
      if (containers.length) docker(["rm", "-f", ...containers]);
      const networks = docker(["network", "ls", "-q", "--filter", `label=${label}`])
        .split("\n")
        .filter(Boolean);
      // A swarm network being removed is still listed for a moment: one already gone is not a failure.
      for (const network of networks) {
        try {
          docker(["network", "rm", network]);
        } catch (err) {
          if (!/not found/.test((err as Error).message)) throw err;
        }
      }
    },
  };
}
