// Labs as a person meets them, on the real lab engine with the fixture lab (e2e/fixtures/labs/e2e-class.yaml):
// an operator reads a step's commands before they run, runs it and sees its check pass, the step's focus on the
// map; presenter mode in large type with the step kept clear of what it is about; a viewer sees the same lab
// with no button that runs anything, and the API refuses them too.
// Screenshots: docs/screenshots/labs.png, presenter.png.
import { expect, type Page, test } from "@playwright/test";
import { SERVERS } from "../playwright.config";
import { USERS } from "./global-setup";
import { LAB, resetFixtureLab, signedIn } from "./pages/lab-page";
import { MapPage } from "./pages/map-page";

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetFixtureLab(page);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetFixtureLab(page);
  await page.close();
});

/** The focused nodes' middles on screen (endpoint edges left out), from the map's published transform. */
async function focusedPoints(page: Page): Promise<Array<{ id: string; x: number; y: number }>> {
  const ids = ((await page.locator("[data-map-root]").getAttribute("data-focus")) ?? "")
    .split(" ")
    .filter((id) => id.startsWith("container:") || id.startsWith("network:"));
  const map = new MapPage(page);
  return Promise.all(ids.map(async (id) => ({ id, ...(await map.screenPoint(id)) })));
}

test("an operator reads a step's commands, runs it, and sees its check pass and its focus on the map", async ({
  browser,
}) => {
  const context = await signedIn(browser, USERS.operator);
  const page = await context.newPage();
  await page.goto("/labs");
  const card = page.getByRole("listitem").filter({ hasText: "E2E: two containers" });
  await expect(card).toContainText("3 steps");
  await expect(card.locator("[data-runnable]")).toHaveAttribute("data-runnable", "true");
  await card.getByRole("link", { name: "Open" }).click();
  await expect(page).toHaveURL(new RegExp(`/labs/${LAB}`));

  const step = page.getByRole("region", { name: "Step 1" });
  await expect(
    step.getByRole("heading", { name: /Step 1 of 3: A network, a server and a client/ }),
  ).toBeVisible();
  // The commands are there before they run, word for word (with the lab's label), each copyable.
  const commands = step.getByRole("list", { name: "Commands" });
  await expect(
    commands.getByText(
      "docker network create --label netatlas.lab=e2e-class --subnet 10.135.7.0/24 e2e-cls-net",
    ),
  ).toBeVisible();
  await expect(commands.getByRole("button", { name: "Copy" })).toHaveCount(3);
  await expect(commands.locator('[data-command-state="waiting"]')).toHaveCount(3);

  await step.getByRole("button", { name: "Run step" }).click();
  const verdict = step.getByRole("region", { name: "Check" }).getByRole("status");
  await expect(verdict).toHaveAttribute("data-passed", "true", { timeout: 60_000 });
  await expect(verdict).toContainText("Passed");
  await expect(commands.locator('[data-command-state="ok"]')).toHaveCount(3);
  // The same check by hand, as a docker command.
  await expect(verdict.getByText(/docker .*ping/)).toBeVisible();
  // The step's focus: both containers and the network, by their ids on this map.
  const root = page.locator("[data-map-root]");
  await expect(root).toHaveAttribute("data-focus", /container:.*container:.*network:/);
  await expect(step.getByRole("button", { name: "Focus shown on the map" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await page.waitForTimeout(800); // the focus animation
  await page.screenshot({ path: "docs/screenshots/labs.png" });

  // Presenter mode (P): the step in large type over the map, the focused elements in the part it leaves free.
  await page.keyboard.press("P");
  const overlay = page.getByRole("region", { name: "Presenter step" });
  await expect(overlay).toBeVisible();
  await expect(page).toHaveURL(/present=1/);
  const titleSize = await overlay
    .getByRole("heading")
    .evaluate((h) => Number.parseFloat(getComputedStyle(h).fontSize));
  const bodySize = await overlay
    .locator("p")
    .nth(1)
    .evaluate((p) => Number.parseFloat(getComputedStyle(p).fontSize));
  expect(titleSize).toBeGreaterThanOrEqual(32);
  expect(bodySize).toBeGreaterThanOrEqual(22);
  await expect(page.locator("html")).toHaveClass(/theme-contrast/);
  await expect(overlay.getByRole("status")).toHaveAttribute("data-passed", "true");
  await page.waitForTimeout(800);
  const panel = await overlay.boundingBox();
  const bar = await page.locator('[data-map-cover="top"]').boundingBox();
  if (!panel || !bar) throw new Error("the presenter's overlay is not on screen");
  const points = await focusedPoints(page);
  expect(points.length).toBe(3);
  for (const p of points) {
    expect(p.x, `${p.id} is left of the overlay's edge`).toBeGreaterThan(panel.x + panel.width + 10);
    expect(p.y, `${p.id} is under the top bar`).toBeGreaterThan(bar.y + bar.height + 10);
  }
  await page.screenshot({ path: "docs/screenshots/presenter.png" });

  // → goes on to step 2, r runs it, its check (a ping that must fail now) passes.
  await page.keyboard.press("ArrowRight");
  await expect(overlay).toHaveAttribute("data-step", "2");
  await page.keyboard.press("r");
  await expect(overlay.getByRole("status")).toHaveAttribute("data-passed", "true", { timeout: 60_000 });
  // R (after a confirmation) resets the lab and starts the class again from step 1: nothing of it is left.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.keyboard.press("R");
  await expect(overlay).toHaveAttribute("data-step", "1");
  await expect
    .poll(async () => {
      const left = await (await page.request.get(`/api/labs/${LAB}/objects`)).json();
      return [...left.containers, ...left.networks].length;
    })
    .toBe(0);
  await page.keyboard.press("Escape");
  await expect(overlay).toHaveCount(0);
  await expect(page.locator("html")).not.toHaveClass(/theme-contrast/);
  await context.close();
});

test("a viewer sees the lab and its commands but no button that runs anything; the API refuses them", async ({
  browser,
}) => {
  const context = await signedIn(browser, USERS.viewer);
  const page = await context.newPage();
  await page.goto(`/labs/${LAB}`);
  const step = page.getByRole("region", { name: "Step 1" });
  await expect(
    step.getByRole("list", { name: "Commands" }).getByText(/docker run .*e2e-cls-web/),
  ).toBeVisible();
  await expect(step.getByRole("region", { name: "Check" })).toContainText("the network's DNS knows the name");
  for (const name of [/^Run step/, /^Check$/, /^Run the fix/, /^Reset lab/])
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  // The drill's fix can be read, not run.
  await page.getByRole("list", { name: "Steps" }).getByRole("button", { name: /Drill/ }).click();
  await page.getByRole("button", { name: "Show the fix" }).click();
  await expect(page.getByRole("list", { name: "The fix" })).toContainText(
    "docker network connect e2e-cls-net e2e-cls-client",
  );
  await expect(page.getByRole("button", { name: /^Run the fix/ })).toHaveCount(0);
  // Presenter mode is there for a viewer too (large type), without Run or Check.
  await page.keyboard.press("P");
  const overlay = page.getByRole("region", { name: "Presenter step" });
  await expect(overlay).toBeVisible();
  await expect(overlay.getByRole("button", { name: /Run|Check/ })).toHaveCount(0);
  // And the API says no.
  for (const path of [
    `/api/labs/${LAB}/steps/1`,
    `/api/labs/${LAB}/steps/1/check`,
    `/api/labs/${LAB}/reset`,
  ]) {
    const answer = await context.request.post(path, { headers: { Origin: SERVERS.main }, data: {} });
    expect(answer.status(), path).toBe(403);
  }
  const publish = await context.request.post("/api/class", {
    headers: { Origin: SERVERS.main },
    data: {
      lab: LAB,
      step: 1,
      selection: null,
      pointer: null,
      focus: false,
      layout: "fcose",
      viewport: null,
      check: null,
    },
  });
  expect(publish.status()).toBe(403);
  await context.close();
});
