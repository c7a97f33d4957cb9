// The JSON lines downloads as a person finds them: the timeline panel's "JSON lines" gives the server's kept
// changes, among them the CLI's change just seen in the panel with the same sentence; the audit page's
// "Download JSON lines" gives one parseable entry per line, newest first. Screenshots of both controls.
import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import type { TimelineLine } from "../lib/api/timeline";
import { type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { MapPage } from "./pages/map-page";

let t: TestObjects;
test.beforeAll(() => {
  t = testObjects();
});
test.afterAll(() => t?.cleanup());

async function downloadLines<T>(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; lines: T[] }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = await download.path();
  const text = fs.readFileSync(file, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return {
    name: download.suggestedFilename(),
    lines: text
      .split("\n")
      .slice(0, -1)
      .map((row) => JSON.parse(row) as T),
  };
}

test("the timeline panel downloads the server's changes as JSON lines, with the panel's sentences", async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
  const net = t.network("jsonl", ["--subnet", "10.126.61.0/24"]);
  const sentence = `network ${net} created (bridge, 10.126.61.0/24)`;
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline.getByRole("list", { name: "Changes" })).toContainText(sentence);

  const link = timeline.getByRole("link", { name: "JSON lines" });
  await expect(link).toBeVisible();
  await timeline.screenshot({ path: "test-results/logs-timeline-panel.png" });
  const { name, lines } = await downloadLines<TimelineLine>(page, () => link.click());
  expect(name).toMatch(/^netatlas-timeline-.*\.jsonl$/);
  expect(lines.filter((l) => l.name === net).map((l) => [l.kind, l.op, l.message])).toEqual([
    ["network", "add", sentence],
  ]);
});

test("the audit page downloads every entry as JSON lines, beside the CSV export", async ({ page }) => {
  await page.goto("/audit");
  const link = page.getByRole("link", { name: "Download JSON lines" });
  await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
  await expect(link).toBeVisible();
  await page.locator("h1").locator("..").screenshot({ path: "test-results/logs-audit-links.png" });
  const { name, lines } = await downloadLines<{ id: number; time: string; action: string; result: string }>(
    page,
    () => link.click(),
  );
  expect(name).toMatch(/^netatlas-audit-.*\.jsonl$/);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(Number.isInteger(line.id)).toBe(true);
    expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    expect(["ok", "error", "denied"]).toContain(line.result);
  }
  const ids = lines.map((l) => l.id);
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
});
