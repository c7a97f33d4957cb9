// End-to-end tests: the production build (`next start`) in Debian's chromium, against real lab engines.
// Four servers: the lab engine at DOCKER_HOST, an engine that does not exist, and two engines the tests start
// themselves (an empty one, and one they restart). scripts/test.sh builds the app and starts engine A first.
import { defineConfig } from "@playwright/test";
import chromium from "./e2e/chromium.json";

const lab = process.env.DOCKER_HOST ?? "unix:///run/netatlas-lab/a/docker.sock";

export const SERVERS = {
  main: "http://127.0.0.1:3100",
  noEngine: "http://127.0.0.1:3101",
  emptyEngine: "http://127.0.0.1:3102",
  restartingEngine: "http://127.0.0.1:3103",
};

function server(url: string, dockerHost: string) {
  const port = new URL(url).port;
  return {
    command: `node_modules/.bin/next start -H 127.0.0.1 -p ${port}`,
    // A static file: API routes answer 503 while an engine is down, which Playwright takes for "not ready".
    url: `${url}/robots.txt`,
    reuseExistingServer: false,
    timeout: 60_000,
    // Engines that come back are retried at most every 2 s here (10 s by default).
    env: { DOCKER_HOST: dockerHost, NODE_ENV: "production", NETATLAS_LIVE_RETRY_MAX_MS: "2000" },
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
  use: {
    baseURL: SERVERS.main,
    viewport: { width: 1440, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    // Debian's chromium, as root, with nothing reaching out to the network (shared with bench:live).
    launchOptions: chromium,
  },
  webServer: [
    server(SERVERS.main, lab),
    server(SERVERS.noEngine, "unix:///run/netatlas-lab/nowhere/docker.sock"),
    server(SERVERS.emptyEngine, "unix:///run/netatlas-lab/empty/docker.sock"),
    server(SERVERS.restartingEngine, "unix:///run/netatlas-lab/rst/docker.sock"),
  ],
});
