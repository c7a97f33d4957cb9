// The map follows Docker by itself: changes made with the docker CLI while the page is open appear on the map,
// in its list and in the timeline without a reload; untouched nodes keep their place; two tabs agree; an engine
// restart shows in the connection indicator and the map matches docker inspect once it is back.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { expect, type Page, test } from "@playwright/test";
import { docker, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { SERVERS } from "../playwright.config";
import { MapPage } from "./pages/map-page";

type Positions = Record<string, { x: number; y: number }>;

async function positions(page: Page): Promise<Positions> {
  return page.evaluate(() => JSON.parse(localStorage.getItem("netatlas.positions.v1") ?? "{}"));
}

let t: TestObjects;
test.beforeAll(() => {
  t = testObjects();
});
test.afterAll(() => t?.cleanup());

test("CLI changes appear on the open map without a reload, and untouched nodes stay put", async ({
  page,
}) => {
  const map = new MapPage(page);
  const stay = t.network("stay", ["--subnet", "10.126.1.0/24"]);
  const stayer = t.run("stayer", ["--network", stay]);
  await map.open();
  await expect(map.node(new RegExp(`^Container ${stayer}:`))).toBeVisible();
  await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
  const before = await positions(page);
  const untouched = Object.keys(before).filter((id) => !id.includes(t.prefix));
  expect(Object.keys(before).length).toBeGreaterThan(2);

  const net = t.network("live", ["--subnet", "10.126.2.0/24"]);
  await expect(
    map.node(new RegExp(`^Network ${net}: bridge driver, local scope, subnet 10.126.2.0/24, 0 containers`)),
  ).toBeVisible();

  const web = t.run("web", ["--network", net, "--ip", "10.126.2.5"]);
  await expect(map.connection(`${web} on ${net}: 10.126.2.5/24`)).toBeVisible();
  const timeline = page.getByRole("list", { name: "Changes" });
  await expect(timeline).toContainText(`${web} joined ${net} as 10.126.2.5`);

  docker(["network", "connect", "--alias", "api", "--ip", "10.126.1.9", stay, web]);
  await expect(map.connection(`${web} on ${stay}: 10.126.1.9/24, aliases api`)).toBeVisible();
  await expect(timeline).toContainText(`${web} joined ${stay} as 10.126.1.9, alias api`);

  docker(["network", "disconnect", stay, web]);
  await expect(map.connection(`${web} on ${stay}: 10.126.1.9/24, aliases api`)).toHaveCount(0);
  await expect(timeline).toContainText(`${web} left ${stay}`);

  docker(["rm", "-f", web]);
  await expect(map.node(new RegExp(`^Container ${web}:`))).toHaveCount(0);
  await expect(timeline).toContainText(`${web} removed`);

  docker(["network", "rm", net]);
  await expect(map.node(new RegExp(`^Network ${net}:`))).toHaveCount(0);
  await expect(timeline).toContainText(`network ${net} removed`);

  const after = await positions(page);
  for (const id of untouched) expect(after[id], id).toEqual(before[id]);
  expect(after[`container:local:${docker(["inspect", "--format", "{{.Id}}", stayer])}`]).toBeDefined();
});

test("a timeline entry focuses its element, and the timeline filters by name", async ({ page }) => {
  const map = new MapPage(page);
  await map.open();
  await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
  const net = t.network("focus", ["--subnet", "10.126.3.0/24"]);
  const one = t.run("one", ["--network", net]);
  const timeline = page.getByRole("list", { name: "Changes" });
  await timeline.getByRole("button", { name: new RegExp(`${one} joined ${net}`) }).click();
  await expect(map.details.getByRole("heading", { name: `${one} on ${net}` })).toBeVisible();
  await page
    .getByRole("searchbox", { name: "Filter changes by network or container" })
    .fill(`${t.prefix}nothing`);
  await expect(timeline.getByRole("listitem")).toHaveCount(0);
  await page.getByRole("searchbox", { name: "Filter changes by network or container" }).fill(one);
  await expect(timeline.getByRole("listitem").first()).toContainText(one);
});

test("Resync rebuilds the map from a full listing and stays live", async ({ page }) => {
  const map = new MapPage(page);
  await map.open();
  const indicator = page.getByRole("status", { name: "Connection" });
  await expect(indicator).toContainText("Live");
  const kept = t.run("kept", []);
  await expect(map.node(new RegExp(`^Container ${kept}: running`))).toBeVisible();
  const resynced = page.waitForResponse((r) => r.url().endsWith("/api/resync") && r.status() === 200);
  await indicator.getByRole("button", { name: "Resync" }).click();
  await resynced;
  await expect(indicator).toContainText("Live");
  await expect(map.node(new RegExp(`^Container ${kept}: running`))).toBeVisible();
});

test("two tabs see the same changes", async ({ context }) => {
  const [a, b] = [new MapPage(await context.newPage()), new MapPage(await context.newPage())];
  await a.open();
  await b.open();
  const net = t.network("tabs", ["--subnet", "10.126.4.0/24"]);
  const c = t.run("tabbed", ["--network", net, "--network-alias", "shared"]);
  for (const map of [a, b]) {
    await expect(
      map.connection(new RegExp(`^${c} on ${net}: 10\\.126\\.4\\.\\d+/24, aliases shared`)),
    ).toBeVisible();
  }
  docker(["rm", "-f", c]);
  for (const map of [a, b]) await expect(map.node(new RegExp(`^Container ${c}:`))).toHaveCount(0);
});

test.describe("an engine that restarts", () => {
  const lab = (...args: string[]) =>
    execFileSync("bash", ["scripts/lab.sh", ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  const env = { ...process.env, DOCKER_HOST: "unix:///run/netatlas-lab/rst/docker.sock" };
  test.beforeAll(() => {
    lab("up", "--name", "rst");
  });
  test.afterAll(() => {
    lab("down", "--name", "rst");
  });

  test("shows the engine down, then matches docker inspect again without a reload", async ({ page }) => {
    test.setTimeout(90_000);
    docker(
      [
        "run",
        "-d",
        "--name",
        "natest-rst-web",
        "--stop-timeout",
        "1",
        "netatlas/busybox:latest",
        "sleep",
        "9999",
      ],
      env,
    );
    const map = new MapPage(page);
    await map.open(SERVERS.restartingEngine);
    const indicator = page.getByRole("status", { name: "Connection" });
    await expect(indicator).toContainText("Live");
    await expect(map.node(/^Container natest-rst-web: running/)).toBeVisible();
    // Not execFileSync: the test must keep polling the page while the engine restarts.
    const restart = promisify(execFile)("bash", ["scripts/lab.sh", "restart", "--name", "rst"]);
    await expect(indicator).toContainText("Engine down", { timeout: 20_000 });
    await restart;
    await expect(indicator).toContainText("Live", { timeout: 30_000 });
    const state = docker(["inspect", "--format", "{{.State.Status}}", "natest-rst-web"], env);
    expect(state).toBe("exited");
    await expect(map.node(new RegExp(`^Container natest-rst-web: ${state}`))).toBeVisible();
    await expect(page.getByRole("list", { name: "Changes" })).toContainText(
      "natest-rst-web stopped (exited)",
    );
  });
});
