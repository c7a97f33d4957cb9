// For tests that must prove Docker was never called: a unix socket posing as the engine's address that
// answers nothing and counts every connection. Pointing the engine config at it catches any call that gets
// past a check (reads, writes, the events reader), without mocking Docker.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { setEngineConfigs } from "@/lib/docker/client";
import { parseEngineConfig } from "@/lib/docker/config";
import { type TestIdentities, testIdentities } from "./auth";
import { useIdentities } from "./routes";

export interface Tripwire {
  readonly connections: number;
  close(): Promise<void>;
}

export async function dockerTripwire(): Promise<Tripwire> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-tripwire-"));
  const socket = path.join(dir, "docker.sock");
  let connections = 0;
  const server = net.createServer((conn) => {
    connections++;
    conn.destroy();
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  setEngineConfigs(parseEngineConfig({ DOCKER_HOST: `unix://${socket}` }));
  return {
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}

export interface GuardedSuite {
  /** Users per role, signed in for `call` (a test may replace them; set useIdentities again then). */
  ids: TestIdentities;
  tripwire: Tripwire;
}

/**
 * For a test file about the guard: identities for `call` and the tripwire as the engine, made before the
 * file's tests and removed after. The fields are filled in beforeAll.
 */
export function guardedSuite(): GuardedSuite {
  const suite = {} as GuardedSuite;
  beforeAll(async () => {
    suite.ids = await testIdentities();
    useIdentities(suite.ids);
    suite.tripwire = await dockerTripwire();
  });
  afterAll(async () => {
    await suite.tripwire.close();
    suite.ids.cleanup();
  });
  return suite;
}
