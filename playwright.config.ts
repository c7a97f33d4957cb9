// End-to-end tests: the production build (scripts/server.mjs) in Debian's chromium, against real lab engines.
// Five servers share one data folder (so one sign-in works on all): the lab engine at DOCKER_HOST, an engine
// that does not exist, two engines the tests start themselves (an empty one, and one they restart), and engines
// A and B together (two hosts in a swarm). Another starts with an empty data folder, for first-run setup. e2e/global-setup.ts signs the admin in and
// makes a viewer and an operator. scripts/test.sh builds the app and starts engine A first.
import { defineConfig } from "@playwright/test";
import chromium from "./e2e/chromium.json";

const lab = process.env.DOCKER_HOST ?? "unix:///run/netatlas-lab/a/docker.sock";

export const SERVERS = {
  main: "http://127.0.0.1:3100",
  noEngine: "http://127.0.0.1:3101",
  emptyEngine: "http://127.0.0.1:3102",
  restartingEngine: "http://127.0.0.1:3103",
  firstRun: "http://127.0.0.1:3104",
  twoHosts: "http://127.0.0.1:3105",
};

/** Engines A and B of `scripts/lab.sh up --hosts 2`: two hosts in a swarm. */
export const TWO_HOSTS = "a=unix:///run/netatlas-lab/a/docker.sock,b=unix:///run/netatlas-lab/b/docker.sock";

/** The data folders: shared by the five main servers, and the first-run server's own (both emptied first). */
export const DATA = { shared: "test-results/e2e-data/shared", firstRun: "test-results/e2e-data/first-run" };
export const ADMIN = { username: "admin", password: "e2e admin password" };
export const STATE = "test-results/e2e-data/admin-state.json";

function server(
  url: string,
  dockerHost: string,
  dataDir = DATA.shared,
  extraEnv: Record<string, string> = {},
) {
  const port = new URL(url).port;
  return {
    command: `node scripts/server.mjs -H 127.0.0.1 -p ${port}`,
    // A static file: API routes answer 503 while an engine is down, which Playwright takes for "not ready".
    url: `${url}/robots.txt`,
    reuseExistingServer: false,
    timeout: 60_000,
    // Engines that come back are retried at most every 2 s here (10 s by default).
    env: {
      DOCKER_HOST: dockerHost,
      NODE_ENV: "production",
      NETATLAS_LIVE_RETRY_MAX_MS: "2000",
      NETATLAS_DATA_DIR: dataDir,
      ...(dataDir === DATA.shared ? { NETATLAS_ADMIN_PASSWORD: ADMIN.password } : {}),
      ...extraEnv,
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: SERVERS.main,
    storageState: STATE,
    viewport: { width: 1440, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    // Debian's chromium, as root, with nothing reaching out to the network (shared with bench:live).
    launchOptions: chromium,
  },
  webServer: [
    // The small lab of e2e/labs.spec.ts and e2e/class.spec.ts, beside the shipped ones.
    server(SERVERS.main, lab, DATA.shared, { NETATLAS_LABS_DIR: "e2e/fixtures/labs" }),
    server(SERVERS.noEngine, "unix:///run/netatlas-lab/nowhere/docker.sock"),
    server(SERVERS.emptyEngine, "unix:///run/netatlas-lab/empty/docker.sock"),
    server(SERVERS.restartingEngine, "unix:///run/netatlas-lab/rst/docker.sock"),
    server(SERVERS.firstRun, lab, DATA.firstRun),
    server(SERVERS.twoHosts, lab, DATA.shared, { NETATLAS_ENGINES: TWO_HOSTS }),
  ],
});
