// /engines as an admin uses it on a real lab engine: the environment's engine is listed up with its Docker and
// API version; an engine added in the form (the lab engine's socket under a second id) is tested first, saved,
// goes up, appears on an open map with its health in the details, and leaves it when removed. A certificate
// that is not PEM is refused beside its input; a viewer sees health but no controls, and the API refuses
// them. Screenshot: docs/screenshots/engines.png.
import { expect, test } from "@playwright/test";
import { docker } from "../lib/testing/docker-cli";
import { SERVERS, STATE } from "../playwright.config";
import { USERS } from "./global-setup";
import { signedIn } from "./pages/lab-page";
import { MapPage } from "./pages/map-page";

const SOCKET = process.env.DOCKER_HOST ?? "unix:///run/netatlas-lab/a/docker.sock";
const ID = "e2e-again";
const [VERSION, API] = docker(["version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}"])
  .trim()
  .split(" ");

test.afterAll(async ({ request }) => {
  await request.delete(`/api/engines/${ID}`, { headers: { Origin: SERVERS.main } });
});

test("an admin tests, adds and removes an engine; open maps see it come and go with its health", async ({
  page,
  browser,
}) => {
  const mapContext = await browser.newContext({ baseURL: SERVERS.main, storageState: STATE });
  const mapPage = await mapContext.newPage();
  const map = new MapPage(mapPage);
  await map.open();
  await map.waitForCanvas();

  await page.goto("/engines");
  const table = page.getByRole("table", { name: "Engines" });
  const local = table.locator('tr[data-engine="local"]');
  await expect(local).toContainText("from the environment");
  await expect(local.locator("[data-health]")).toHaveAttribute("data-health", "live");
  await expect(local).toContainText(`${VERSION} · API ${API}`);
  await expect(local.getByRole("button", { name: "Remove" })).toHaveCount(0);

  await page.getByRole("button", { name: "Add an engine" }).click();
  const form = page.getByRole("form", { name: "Add an engine" });
  // A certificate that is not one is refused beside its input, and nothing is added.
  await form.getByLabel("TCP with TLS").check();
  await form.getByLabel("Id").fill("e2e-bad");
  await form.getByLabel("Address").fill("tcp://10.211.1.2:2376");
  await form
    .getByLabel("CA certificate (ca.pem)")
    .setInputFiles({ name: "ca.pem", mimeType: "text/plain", buffer: Buffer.from("not a certificate") });
  await form.getByRole("button", { name: "Add engine" }).click();
  await expect(form.getByRole("alert")).toContainText("cannot be used as given");
  await expect(form.getByLabel("CA certificate (ca.pem)")).toHaveAccessibleDescription(/This is not PEM/);
  await expect(table.locator('tr[data-engine="e2e-bad"]')).toHaveCount(0);

  await form.getByLabel("Unix socket").check();
  await form.getByLabel("Id").fill(ID);
  await form.getByLabel("Address").fill(SOCKET);
  await form.getByLabel("Description").fill("the lab engine under a second name");
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.getByRole("status")).toContainText(`Docker ${VERSION}, API ${API}`);
  await form.getByRole("button", { name: "Add engine" }).click();
  const added = table.locator(`tr[data-engine="${ID}"]`);
  await expect(added).toContainText("added by admin");
  await expect(added.locator("[data-health]")).toHaveAttribute("data-health", "live", { timeout: 15_000 });

  // The open map received it live: the engine and its own copy of the default bridge.
  await expect(map.node(new RegExp(`^Engine ${ID} `))).toBeVisible({ timeout: 15_000 });

  await added.getByRole("button", { name: "Test" }).click();
  await expect(table.getByRole("status")).toContainText(`Connected in`);
  await page.screenshot({ path: "docs/screenshots/engines.png", fullPage: true });

  page.once("dialog", (d) => void d.accept());
  await added.getByRole("button", { name: "Remove" }).click();
  await expect(added).toHaveCount(0);
  await expect(map.node(new RegExp(`^Engine ${ID} `))).toHaveCount(0, { timeout: 15_000 });
  await mapContext.close();
});

test("a viewer sees each engine's health but no controls, and the API refuses them", async ({ browser }) => {
  const context = await signedIn(browser, USERS.viewer);
  const page = await context.newPage();
  await page.goto("/engines");
  const local = page.getByRole("table", { name: "Engines" }).locator('tr[data-engine="local"]');
  await expect(local.locator("[data-health]")).toHaveAttribute("data-health", "live");
  await expect(page.getByRole("button", { name: "Add an engine" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Test" })).toHaveCount(0);
  const refused = await page.request.post("/api/engines", {
    data: { id: "e2e-viewer", address: SOCKET },
    headers: { Origin: SERVERS.main },
  });
  expect(refused.status()).toBe(403);
  const list = await page.request.get("/api/engines");
  expect((await list.json()).engines.map((e: { id: string }) => e.id)).not.toContain("e2e-viewer");
  await context.close();
});
