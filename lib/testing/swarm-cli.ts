// For tests on the lab's two-host swarm: a service made with the test's label and image (no registry to resolve
// it on), waiting until its tasks run, and removing it with its overlay once no task holds that any more.
import { TEST_IMAGE } from "./docker-cli";

/** The docker CLI pointed at one engine of the swarm (a manager for services). */
export type DockerOn = (args: string[]) => string;

/** Polls `probe` every 500 ms until it answers something truthy. */
export async function until<T>(
  what: string,
  probe: () => T | null | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `docker service create` of the test image (sleeping, or `command`), labelled, with `options` (network, replicas…). */
export function createService(
  manager: DockerOn,
  name: string,
  label: string,
  options: string[],
  command: string[] = ["sleep", "3600"],
): string {
  manager([
    "service",
    "create",
    "--detach",
    "--no-resolve-image",
    "--name",
    name,
    "--label",
    label,
    ...options,
    TEST_IMAGE,
    ...command,
  ]);
  return name;
}

/** Waits until `count` of the service's tasks are running. */
export function untilRunning(manager: DockerOn, service: string, count: number, timeoutMs = 90_000) {
  return until(
    `${count} running tasks of ${service}`,
    () => {
      const states = manager([
        "service",
        "ps",
        "--filter",
        "desired-state=running",
        "--format",
        "{{.CurrentState}}",
        service,
      ]);
      return states.split("\n").filter((s) => s.startsWith("Running")).length === count;
    },
    timeoutMs,
  );
}

/**
 * Removes the service, then its overlay once the tasks' containers have let go of it (busybox's sleep ignores
 * SIGTERM: about 10 s). Clean-up never fails a test run.
 */
export async function removeService(manager: DockerOn, service: string, network: string): Promise<void> {
  if (service) manager(["service", "rm", service]);
  if (!network) return;
  await until(`overlay ${network} to go`, () => {
    try {
      manager(["network", "rm", network]);
      return true;
    } catch {
      return false;
    }
  }).catch(() => undefined);
}
