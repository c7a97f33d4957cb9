// Follow-along with two browsers, as in a classroom: an operator presents the fixture lab, a viewer follows the
// class link. The follower's step and selection follow within a second (measured from the presenter's key or
// click to the follower's first frame showing it), and its view shows the presenter's part of the map; a
// detached follower stays where it is while the presenter moves on, and comes back with Re-join; a follower
// has no button that runs anything (an operator following neither), and the API refuses a viewer's run.
// Screenshot: docs/screenshots/class.png (the follower, with the presenter's selection and pointer ring).
import { expect, test } from "@playwright/test";
import { SERVERS } from "../playwright.config";
import { USERS } from "./global-setup";
import { LAB, resetFixtureLab, signedIn, stampNextInput, watchAttribute } from "./pages/lab-page";
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

/** The model point in the middle of a page's map (or of the part beside the presenter's panels), and the zoom. */
async function middle(
  page: import("@playwright/test").Page,
  covers = false,
): Promise<{ x: number; y: number; zoom: number }> {
  const left = covers ? await page.locator('[data-map-cover="left"]').boundingBox() : null;
  const top = covers ? await page.locator('[data-map-cover="top"]').boundingBox() : null;
  return page.locator("[data-zoom]").evaluate(
    (el, c) => {
      const d = (el as HTMLElement).dataset;
      const zoom = Number(d.zoom);
      const box = el.getBoundingClientRect();
      const x1 = c.left ? c.left.x + c.left.width - box.left : 0;
      const y1 = c.top ? c.top.y + c.top.height - box.top : 0;
      const mx = (x1 + box.width) / 2;
      const my = (y1 + box.height) / 2;
      return { zoom, x: (mx - Number(d.panX)) / zoom, y: (my - Number(d.panY)) / zoom };
    },
    { left, top },
  );
}

test("a follower follows the presenter's step and selection within a second, detaches and re-joins; it runs nothing", async ({
  browser,
}) => {
  const presenterContext = await signedIn(browser, USERS.operator);
  const followerContext = await signedIn(browser, USERS.viewer);
  const presenter = await presenterContext.newPage();
  const follower = await followerContext.newPage();

  await presenter.goto(`/labs/${LAB}?present=1`);
  const overlay = presenter.getByRole("region", { name: "Presenter step" });
  await expect(overlay).toBeVisible();
  await expect(presenter.getByText(`${SERVERS.main}/class`)).toBeVisible();
  await follower.goto("/class");
  const lab = follower.getByRole("region", { name: "Lab" });
  await expect(follower.getByText(`Following ${USERS.operator.username}`)).toBeVisible();
  await expect(lab).toHaveAttribute("data-step", "1");
  await expect(presenter.getByText(/1 following/)).toBeVisible({ timeout: 5000 });

  // Step 1 runs on the presenter's r; the follower sees the verdict and the focus too.
  await presenter.keyboard.press("r");
  await expect(overlay.getByRole("status")).toHaveAttribute("data-passed", "true", { timeout: 60_000 });
  await expect(lab.getByRole("region", { name: "Check" }).getByRole("status")).toHaveAttribute(
    "data-passed",
    "true",
  );
  await expect(follower.locator("[data-map-root]")).toHaveAttribute("data-focus", /container:.*network:/);
  const focused = ((await presenter.locator("[data-map-root]").getAttribute("data-focus")) ?? "").split(" ");

  // The step: from the presenter's key press to the follower's first frame showing step 2.
  const pressed = await stampNextInput(presenter);
  const stepShown = await watchAttribute(follower, '[aria-label="Lab"]', "data-step", "2");
  await presenter.keyboard.press("ArrowRight");
  const stepMs = (await stepShown()) - (await pressed());
  console.log(`follow-along: step followed in ${stepMs} ms`);
  expect(stepMs).toBeGreaterThanOrEqual(0);
  expect(stepMs).toBeLessThan(1000);

  // The selection (and the pointer ring): a click on one of step 1's containers, still in view.
  const presenterMap = new MapPage(presenter);
  const chosen = focused.find((id) => id.startsWith("container:"));
  if (!chosen) throw new Error("step 1 focuses no container");
  await presenter.waitForTimeout(600); // the focus animation ends
  const at = await presenterMap.screenPoint(chosen);
  const clicked = await stampNextInput(presenter);
  const selectionShown = await watchAttribute(follower, "[data-map-root]", "data-selected", chosen);
  const pointerShown = await watchAttribute(follower, "[data-map-root]", "data-pointer", chosen);
  await presenter.mouse.click(at.x, at.y);
  await expect(presenter.locator("[data-map-root]")).toHaveAttribute("data-pointer", chosen);
  const selectionMs = (await selectionShown()) - (await clicked());
  const pointerMs = (await pointerShown()) - (await clicked());
  console.log(`follow-along: selection followed in ${selectionMs} ms, pointer in ${pointerMs} ms`);
  expect(selectionMs).toBeLessThan(1000);
  expect(pointerMs).toBeLessThan(1000);
  // The follower's details show what the presenter chose.
  await expect(follower.getByRole("region", { name: "Details" })).toBeVisible();
  await follower.waitForTimeout(600);
  await follower.screenshot({ path: "docs/screenshots/class.png" });

  // The view: the follower's middle is the middle of what the presenter shows beside the step panel.
  await presenter.keyboard.press("f");
  await presenter.waitForTimeout(1200);
  const [p, f] = [await middle(presenter, true), await middle(follower)];
  expect(Math.abs(p.x - f.x)).toBeLessThan(5);
  expect(Math.abs(p.y - f.y)).toBeLessThan(5);

  // Detached, the follower stays put while the presenter moves on; Re-join catches up.
  await follower.getByRole("button", { name: "Detach" }).click();
  await presenter.keyboard.press("ArrowRight");
  await expect(overlay).toHaveAttribute("data-step", "3");
  await follower.waitForTimeout(1500);
  await expect(lab).toHaveAttribute("data-step", "2");
  await expect(follower.getByText(/Detached/)).toBeVisible();
  await follower.getByRole("button", { name: "Re-join" }).click();
  await expect(lab).toHaveAttribute("data-step", "3");

  // A follower runs nothing: no buttons (an operator following neither), and the API refuses the viewer.
  const operatorFollowing = await presenterContext.newPage();
  await operatorFollowing.goto("/class");
  await expect(operatorFollowing.getByRole("region", { name: "Lab" })).toHaveAttribute("data-step", "3");
  for (const page of [follower, operatorFollowing])
    for (const name of [/^Run step/, /^Check$/, /^Run the fix/, /^Reset lab/, /^Run \(r\)/])
      await expect(page.getByRole("button", { name })).toHaveCount(0);
  const refused = await followerContext.request.post(`/api/labs/${LAB}/steps/3/solution`, {
    headers: { Origin: SERVERS.main },
    data: {},
  });
  expect(refused.status()).toBe(403);
  await presenterContext.close();
  await followerContext.close();
});
