// The first screen, as a person uses it: the map shows the networks and containers this test creates with the
// docker CLI on a real lab engine; selecting a container shows its addresses and aliases; a screenshot of a
// classic three-tier application goes to docs/screenshots/map.png for the README.
import { expect, test } from "@playwright/test";
import { docker, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { MapPage } from "./pages/map-page";

let t: TestObjects;
let n: Record<string, string>;

test.beforeAll(() => {
  t = testObjects();
  const publicNet = t.network("public", ["--subnet", "10.124.1.0/24", "--label", "netatlas.tier=public"]);
  const appNet = t.network("app", ["--subnet", "10.124.2.0/24", "--label", "netatlas.tier=internal"]);
  const dataNet = t.network("data", [
    "--internal",
    "--subnet",
    "10.124.3.0/24",
    "--label",
    "netatlas.tier=data",
  ]);
  const proxy = t.run(
    "proxy",
    ["--network", publicNet, "-p", "127.0.0.1:18081:80"],
    ["httpd", "-f", "-p", "80", "-h", "/"],
  );
  docker(["network", "connect", appNet, proxy]);
  const api = t.run("api", ["--network", appNet, "--network-alias", "api", "--ip", "10.124.2.10"]);
  docker(["network", "connect", "--alias", "db-client", dataNet, api]);
  const db = t.run("db", ["--network", dataNet, "--network-alias", "db"]);
  const hostnet = t.run("hostnet", ["--network", "host"]);
  n = { publicNet, appNet, dataNet, proxy, api, db, hostnet };
});

test.afterAll(() => t?.cleanup());

test("the map shows the networks and containers created with the docker CLI", async ({ page }) => {
  const map = new MapPage(page);
  await map.open();
  await map.waitForCanvas();
  await expect(
    map.node(`Network ${n.appNet}: bridge driver, local scope, subnet 10.124.2.0/24, 2 containers`),
  ).toBeVisible();
  await expect(map.node(new RegExp(`^Network ${n.dataNet}: .*internal`))).toBeVisible();
  await expect(
    map.node(new RegExp(`^Container ${n.proxy}: running, .*ports 127\\.0\\.0\\.1:18081→80/tcp`)),
  ).toBeVisible();
  await expect(map.node(new RegExp(`^Container ${n.hostnet}: running, .*host network stack`))).toBeVisible();
  await expect(map.connection(`${n.api} on ${n.appNet}: 10.124.2.10/24, aliases api`)).toBeVisible();
  await expect(
    map.connection(new RegExp(`^${n.api} on ${n.dataNet}: 10\\.124\\.3\\.\\d+/24, aliases db-client`)),
  ).toBeVisible();
});

test("selecting a container shows its addresses and aliases on every network", async ({ page }) => {
  const map = new MapPage(page);
  await map.open();
  await map.node(new RegExp(`^Container ${n.api}:`)).click();
  await expect(map.details.getByRole("heading", { name: `Container ${n.api}` })).toBeVisible();
  const onApp = map.details.getByRole("definition").filter({ hasText: "10.124.2.10/24" });
  await expect(onApp).toBeVisible();
  // The Aliases field of its endpoint on the data network holds exactly the alias given to docker network connect.
  await expect(map.details.getByRole("definition").filter({ hasText: /^db-client$/ })).toBeVisible();
  const id = docker(["inspect", "--format", "{{.Id}}", n.api as string]);
  await expect(map.details.getByText(id)).toBeVisible();
  await expect(map.details.getByText(`docker inspect ${n.api}`)).toBeVisible();
});

test("selecting a connection shows the endpoint as Docker holds it", async ({ page }) => {
  const map = new MapPage(page);
  await map.open();
  await map.connection(`${n.api} on ${n.appNet}: 10.124.2.10/24, aliases api`).click();
  await expect(map.details.getByRole("heading", { name: `${n.api} on ${n.appNet}` })).toBeVisible();
  const mac = docker([
    "inspect",
    "--format",
    `{{(index .NetworkSettings.Networks "${n.appNet}").MacAddress}}`,
    n.api as string,
  ]);
  await expect(map.details.getByText(mac)).toBeVisible();
});

test("a screenshot of the map for the README", async ({ page }) => {
  const map = new MapPage(page);
  await map.open();
  await map.waitForCanvas();
  await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
  // A change made while the page is open, so the timeline has something to tell.
  const cache = t.run("cache", ["--network", n.dataNet as string, "--network-alias", "cache"]);
  await expect(map.connection(new RegExp(`^${cache} on ${n.dataNet}:`))).toBeVisible();
  await map.node(new RegExp(`^Container ${n.api}:`)).click();
  // Laid out afresh, as a first visit sees it (a readable zoom around the biggest host box).
  await page.getByRole("button", { name: "Re-layout" }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: "docs/screenshots/map.png" });
});

test("a dark system gets the dark theme, and the switch gives high contrast", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const map = new MapPage(page);
  await map.open();
  await map.waitForCanvas();
  await expect(page.locator("html")).toHaveClass(/theme-dark/);
  // The page's own colours turned around: its header is dark.
  const header = await page.locator("header").evaluate((el) => {
    // Whatever notation the browser reports (oklch), drawn once and read back as sRGB.
    const ctx = document.createElement("canvas").getContext("2d") as CanvasRenderingContext2D;
    ctx.fillStyle = getComputedStyle(el).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  });
  expect(Math.max(...header)).toBeLessThan(80);
  await map.node(new RegExp(`^Container ${n.api}:`)).click();
  await page.getByRole("button", { name: "Re-layout" }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: "docs/screenshots/dark.png" });
  await page.getByLabel("Theme").selectOption("contrast");
  await expect(page.locator("html")).toHaveClass(/theme-contrast/);
  await expect(page.locator("html")).not.toHaveClass(/theme-dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/theme-contrast/);
});
