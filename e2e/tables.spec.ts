// The networks and containers tables and detail pages: filter, sort, and open a network to see its containers.
import { expect, test } from "@playwright/test";
import { docker, type TestObjects, testObjects } from "../lib/testing/docker-cli";

let t: TestObjects;
let n: Record<string, string>;

test.beforeAll(() => {
  t = testObjects();
  const alpha = t.network("alpha", ["--subnet", "10.125.1.0/24", "--gateway", "10.125.1.1"]);
  const beta = t.network("beta", ["--internal", "--subnet", "10.125.2.0/24"]);
  const one = t.run("one", ["--network", alpha, "--network-alias", "first"]);
  docker(["network", "connect", "--ip", "10.125.2.20", beta, one]);
  n = { alpha, beta, one };
});

test.afterAll(() => t?.cleanup());

test("the networks table filters and sorts", async ({ page }) => {
  await page.goto("/networks");
  const table = page.getByRole("table", { name: "networks" });
  await expect(table.getByRole("link", { name: n.alpha })).toBeVisible();
  await page.getByRole("searchbox", { name: "Filter networks" }).fill(t.prefix);
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`q=${t.prefix}`));
  await page.getByRole("searchbox", { name: "Filter networks" }).fill(`${t.prefix}beta`);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator("tbody tr").first()).toContainText("10.125.2.0/24");
  await expect(table.locator("tbody tr").first()).toContainText("yes");
  await page.getByRole("searchbox", { name: "Filter networks" }).fill(t.prefix);
  await page.getByRole("button", { name: "Name" }).click();
  await expect(table.locator("tbody tr").first()).toContainText(n.beta as string);
  await page.getByRole("button", { name: /Name/ }).click();
  await expect(table.locator("tbody tr").first()).toContainText(n.alpha as string);
});

test("a network's page lists its containers with their addresses and aliases", async ({ page }) => {
  await page.goto(`/networks?q=${t.prefix}`);
  await page.getByRole("link", { name: n.beta }).click();
  await expect(page.getByRole("heading", { name: `Network ${n.beta}` })).toBeVisible();
  const row = page
    .getByRole("table", { name: "Containers on this network" })
    .getByRole("row", { name: new RegExp(n.one as string) });
  await expect(row).toContainText("10.125.2.20/24");
  await page.goto(`/networks?q=${t.prefix}`);
  await page.getByRole("link", { name: n.alpha }).click();
  await expect(page.getByRole("table", { name: "Containers on this network" })).toContainText("first");
});

test("the containers table and a container's page show every network", async ({ page }) => {
  await page.goto(`/containers?q=${t.prefix}`);
  const table = page.getByRole("table", { name: "containers" });
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText("10.125.2.20");
  await table.getByRole("link", { name: n.one }).click();
  await expect(page.getByRole("heading", { name: `Container ${n.one}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: n.alpha })).toBeVisible();
  await expect(page.getByRole("heading", { name: n.beta })).toBeVisible();
});
