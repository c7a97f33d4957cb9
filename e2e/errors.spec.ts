// Screens that are never blank: no engine at all, an engine with no containers, and objects that do not exist.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { SERVERS } from "../playwright.config";

const lab = (...args: string[]) =>
  execFileSync("bash", ["scripts/lab.sh", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

test("no engine: the map says which address it tried and what to do", async ({ page }) => {
  await page.goto(`${SERVERS.noEngine}/`);
  // Next.js keeps an empty route-announcer alert on every page: ours is the one with a heading.
  const alert = page.getByRole("alert").filter({ has: page.getByRole("heading") });
  await expect(alert.getByRole("heading", { name: "No Docker engine answers" })).toBeVisible();
  await expect(alert).toContainText("unix:///run/netatlas-lab/nowhere/docker.sock");
  await expect(alert).toContainText("DOCKER_HOST");
  await page.goto(`${SERVERS.noEngine}/networks`);
  await expect(page.getByRole("heading", { name: "No Docker engine answers" })).toBeVisible();
  const api = await page.request.get(`${SERVERS.noEngine}/api/topology`);
  expect(api.status()).toBe(503);
});

test.describe("an engine with no containers", () => {
  test.beforeAll(() => {
    lab("up", "--name", "empty");
  });
  test.afterAll(() => {
    lab("down", "--name", "empty");
  });

  test("shows Docker's own networks and says there are no containers yet", async ({ page }) => {
    await page.goto(`${SERVERS.emptyEngine}/`);
    await expect(page.getByText(/No containers on this engine yet/)).toBeVisible();
    const nodes = page.getByRole("list", { name: "Map nodes" });
    await expect(nodes.getByRole("button", { name: /^Network bridge: bridge driver/ })).toBeVisible();
    await expect(nodes.getByRole("button", { name: /^Engine .*netatlas-empty/ })).toBeVisible();
  });
});

test("unknown and malformed references get their own clear screens", async ({ page }) => {
  await page.goto("/networks/natest-does-not-exist");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Not found" })).toContainText(
    "natest-does-not-exist",
  );
  await page.goto("/containers/bad%20name");
  await expect(page.getByRole("heading", { name: "That request is not valid" })).toBeVisible();
});

test("an unknown address says so and links back to the map", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No such page" })).toBeVisible();
  await page.getByRole("alert").getByRole("link", { name: "map" }).click();
  await expect(page.getByRole("list", { name: "Map nodes" })).toBeVisible();
});
