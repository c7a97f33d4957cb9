// Snapshots: one exported from the running app opens in /snapshot (snapshot mode, no live stream) with the same
// elements in the accessible list as the live map, its tables, reach, DNS and findings; the Export menu gives a
// non-empty PNG, an SVG holding the nodes' names and a redacted snapshot; two snapshots around a network made
// with the docker CLI compare with that network as added.
import { readFileSync, writeFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import type { TopologyDto } from "../lib/api/types";
import { docker, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { MapPage } from "./pages/map-page";

let t: TestObjects;
let n: { alpha: string; beta: string; one: string; two: string };

test.beforeAll(() => {
  t = testObjects();
  const alpha = t.network("alpha", ["--subnet", "10.131.1.0/24", "--label", "owner=snapshot-owner-label"]);
  const beta = t.network("beta", ["--internal", "--subnet", "10.131.2.0/24"]);
  const one = t.run("one", ["--network", alpha, "--ip", "10.131.1.10"]);
  // Privileged: a finding the snapshot's own analysis must list.
  const two = t.run("two", ["--network", beta, "--ip", "10.131.2.20", "--privileged"]);
  n = { alpha, beta, one, two };
});

test.afterAll(() => t?.cleanup());

/** A snapshot from the running app, written where the test can hand it to the file input. */
async function takeSnapshot(page: Page, name: string, query = ""): Promise<string> {
  const answer = await page.request.get(`/api/snapshot${query}`);
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-disposition"]).toMatch(/^attachment; filename="netatlas-snapshot-/);
  const file = test.info().outputPath(name);
  writeFileSync(file, await answer.body());
  return file;
}

/** The ids of the map's elements that belong to this test, from the accessible list. */
async function ourElements(page: Page): Promise<string[]> {
  const items = page.getByRole("list", { name: /Map (nodes|connections)/ }).locator("li");
  const all = await items.evaluateAll((lis) =>
    lis.map((li) => ({ id: li.getAttribute("data-element-id") ?? "", text: li.textContent ?? "" })),
  );
  return all
    .filter((x) => x.text.includes(t.prefix))
    .map((x) => x.id)
    .sort();
}

async function openSnapshot(page: Page, file: string): Promise<void> {
  await page.goto("/snapshot");
  await page.getByLabel("Open a snapshot", { exact: true }).setInputFiles(file);
  await expect(page.getByRole("status", { name: "Snapshot mode" })).toContainText(
    /Snapshot of .+ taken .+ — read-only/,
  );
}

test("a snapshot of the running app opens in snapshot mode with the live map's elements", async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await expect(map.node(new RegExp(n.one))).toBeVisible();
  await expect(map.node(new RegExp(n.two))).toBeVisible();
  const live = await ourElements(page);
  expect(live.length).toBeGreaterThanOrEqual(4);
  const file = await takeSnapshot(page, "snapshot.json");

  await openSnapshot(page, file);
  // Snapshot mode opens no live stream.
  const streams: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/")) streams.push(r.url());
  });
  await expect(map.node(new RegExp(n.one))).toBeVisible();
  expect(await ourElements(page)).toEqual(live);
  await map.waitForCanvas();
  await page.screenshot({ path: "docs/screenshots/snapshot-mode.png" });

  await page.getByRole("tab", { name: "Networks" }).click();
  const networks = page.getByRole("table", { name: "networks" });
  await expect(networks.locator("tr", { hasText: n.alpha })).toContainText("10.131.1.0/24");
  await expect(networks.locator("tr", { hasText: n.beta })).toContainText("yes");
  await page.getByRole("tab", { name: "Containers" }).click();
  await expect(
    page.getByRole("table", { name: "containers" }).locator("tr", { hasText: n.one }),
  ).toContainText("10.131.1.10");

  // Reach: the two are on different networks; the pair's answer is computed here, from the file.
  await page.getByRole("tab", { name: "Reach" }).click();
  await page.getByRole("combobox", { name: /^From/ }).selectOption({ label: n.one });
  await page.getByRole("combobox", { name: /^To/ }).selectOption({ label: n.two });
  const answer = page.getByRole("region", { name: "Reach answer" });
  await expect(answer.getByRole("heading", { name: `${n.one} → ${n.two}` })).toBeVisible();
  await expect(answer.locator("header")).toContainText("cannot");
  await expect(page.getByTestId("reach-summary")).not.toBeEmpty();

  await page.getByRole("tab", { name: "DNS" }).click();
  await page.getByLabel(/Names on a network/).selectOption({ label: n.alpha });
  await expect(page.getByRole("table", { name: `DNS names on ${n.alpha}` })).toContainText(n.one);

  await page.getByRole("tab", { name: "Findings" }).click();
  const privileged = page
    .getByRole("list", { name: "Findings" })
    .locator('li[data-kind="privileged"]', { hasText: n.two });
  await expect(privileged).toBeVisible();
  expect(streams).toEqual([]);
});

test("the Export menu gives a PNG, an SVG with the nodes' names, and a redacted snapshot", async ({
  page,
}) => {
  const file = await takeSnapshot(page, "export.json");
  await openSnapshot(page, file);
  const map = new MapPage(page);
  await expect(map.node(new RegExp(n.one))).toBeVisible();
  await map.waitForCanvas();
  const exportAs = async (item: string, choose?: () => Promise<void>) => {
    await page.getByText("Export", { exact: true }).click();
    await choose?.();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: item }).click(),
    ]);
    const path = await download.path();
    return { name: download.suggestedFilename(), bytes: readFileSync(path) };
  };

  const png = await exportAs("Picture (PNG)");
  expect(png.name).toMatch(/^netatlas-snapshot-map-.+\.png$/);
  expect(png.bytes.length).toBeGreaterThan(5000);
  expect(png.bytes.subarray(1, 4).toString()).toBe("PNG");

  const svg = await exportAs("Picture (SVG)");
  const text = svg.bytes.toString("utf8");
  expect(svg.name).toMatch(/\.svg$/);
  expect(text).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  for (const name of Object.values(n)) expect(text).toContain(`>${name}</tspan>`);
  // Kept beside the test's results, to look at.
  writeFileSync(test.info().outputPath("map.svg"), text);

  const redacted = await exportAs("Snapshot (JSON)", async () => {
    await page.getByLabel("IP and MAC addresses").check();
    await page.getByLabel("label values").check();
  });
  const json = redacted.bytes.toString("utf8");
  expect(redacted.name).toMatch(/^netatlas-snapshot-.+\.json$/);
  expect(JSON.parse(json).redacted).toEqual(["labels", "addresses"]);
  expect(json).toContain(n.one);
  expect(json).not.toContain("10.131.");
  expect(json).not.toContain("snapshot-owner-label");
});

test("two snapshots around a new network compare with the network as added", async ({ page }) => {
  const before = await takeSnapshot(page, "before.json");
  const added = t.network("added", ["--subnet", "10.131.3.0/24"]);
  docker(["network", "connect", "--ip", "10.131.3.30", added, n.one]);
  docker(["kill", n.two]);
  // The live store takes them in through Docker's events: wait until the API has them.
  await expect
    .poll(async () => {
      const topology = (await (await page.request.get("/api/topology")).json()) as TopologyDto;
      return [
        topology.networks.some((x) => x.name === added),
        topology.endpoints.some((e) => e.networkName === added && e.ipv4Address === "10.131.3.30/24"),
        topology.containers.find((c) => c.name === n.two)?.state,
      ];
    })
    .toEqual([true, true, "exited"]);
  const after = await takeSnapshot(page, "after.json");

  await openSnapshot(page, before);
  await page.getByRole("tab", { name: "Compare" }).click();
  await page.getByLabel("Open a snapshot to compare").setInputFiles(after);
  const networks = page.getByRole("list", { name: "Networks changes" });
  const row = networks.locator("li", { hasText: added });
  await expect(row).toHaveAttribute("data-op", "add");
  await expect(row).toContainText(`network ${added} created (bridge, 10.131.3.0/24)`);
  const endpoints = page.getByRole("list", { name: "Attachments (endpoints) changes" });
  await expect(endpoints.locator("li", { hasText: `${n.one} on ${added}` })).toContainText(
    `${n.one} joined ${added} as 10.131.3.30`,
  );
  const containers = page.getByRole("list", { name: "Containers changes" });
  const killed = containers.locator("li", { hasText: n.two });
  await expect(killed).toHaveAttribute("data-op", "change");
  await expect(killed.getByRole("row", { name: /^state "running" "exited"$/ })).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/snapshot-compare.png" });
});
