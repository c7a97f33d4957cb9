// Reach and names, as a person uses them on a real lab engine: the Reach page's matrix (who reaches whom), a cell
// that says why not with the fix, the path on the map (the twin list says which elements are on it, and where it
// breaks), a network's DNS tab with a round-robin alias, the findings page whose "Show on the map" focuses the
// elements, and search on the map. Screenshots go to docs/screenshots (reach.png, reach-path.png, findings.png).
import { expect, test } from "@playwright/test";
import { docker, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { MapPage } from "./pages/map-page";

let t: TestObjects;
let project = "";
const n = { front: "", back: "", data: "", web: "", api: "", worker: "", db: "", old1: "", old2: "" };
const id = (ref: string, kind: "network" | "container") =>
  docker([kind, "inspect", "--format", "{{.Id}}", ref]);
const HTTP = ["httpd", "-f", "-p", "80", "-h", "/"];

test.beforeAll(() => {
  t = testObjects();
  project = t.prefix.slice(0, -1);
  const inProject = ["--label", `com.docker.compose.project=${project}`];
  n.front = t.network("front", ["--subnet", "10.126.1.0/24"]);
  n.back = t.network("back", ["--subnet", "10.126.2.0/24"]);
  n.data = t.network("data", ["--internal", "--subnet", "10.126.3.0/24"]);
  // web addresses db by name in its configuration, but is not on db's network: a finding, and a "no".
  n.web = t.run(
    "web",
    [...inProject, "--network", n.front, "-p", "18095:80", "-e", `DB_URL=http://${t.name("db")}:80/`],
    HTTP,
  );
  docker(["network", "connect", n.back, n.web]);
  n.api = t.run("api", [...inProject, "--network", n.back, "--network-alias", "app"], HTTP);
  docker(["network", "connect", n.data, n.api]);
  n.worker = t.run("worker", [...inProject, "--network", n.back, "--network-alias", "app"], HTTP);
  n.db = t.run("db", [...inProject, "--network", n.data, "--network-alias", "database"], HTTP);
  // Two containers on the default bridge, one naming the other: no DNS there.
  n.old2 = t.name("old2");
  n.old1 = t.run("old1", ["-e", `PEER_HOST=${n.old2}`], HTTP);
  t.run("old2", [], HTTP);
});

test.afterAll(() => t?.cleanup());

test("the Reach page shows who reaches whom, and a cell says why not and the fix", async ({ page }) => {
  await page.goto(`/reach?network=${n.back}`);
  const matrix = page.getByRole("table", { name: /Reach matrix/ });
  await expect(matrix).toBeVisible();
  const cell = (from: string, to: string) =>
    matrix.getByRole("button", { name: new RegExp(`^${from} → ${to}: `) });
  // The labels drop the prefix all share; the cell names both ends and the verdict.
  await expect(cell(n.web, n.api)).toHaveAccessibleName(/reaches$/);
  await expect(cell(n.api, n.web)).toHaveAccessibleName(/reaches$/);
  await expect(cell(n.web, n.db)).toHaveCount(0); // db is not on back: filtered out
  // The test's containers are one Compose project: the page filters by it (whatever else the engine runs).
  await page.goto(`/reach?project=${project}`);
  await expect(cell(n.web, n.db)).toHaveAccessibleName(/cannot$/);
  await expect(cell(n.api, n.db)).toHaveAccessibleName(/reaches$/);
  await cell(n.web, n.db).click();
  const answer = page.getByRole("region", { name: "Reach answer" });
  await expect(answer.getByRole("heading", { name: `${n.web} → ${n.db}` })).toBeVisible();
  await expect(answer.getByTestId("reach-summary")).toContainText(`${n.web} is not on ${n.data}`);
  await expect(answer.getByRole("region", { name: "Fix" })).toContainText(
    `docker network connect ${n.data} ${n.web}`,
  );
  await page.screenshot({ path: "docs/screenshots/reach.png" });
  // A yes lists the names that lead there: the shared alias is round-robin over api and worker.
  await cell(n.web, n.api).click();
  await expect(answer.getByRole("heading", { name: `${n.web} → ${n.api}` })).toBeVisible();
  const names = answer.getByRole("region", { name: "Names" });
  await expect(names.getByRole("row", { name: /app .*round-robin/ })).toBeVisible();
  await expect(names.getByRole("row", { name: new RegExp(`^${n.api} `) })).toBeVisible();
});

test("why not on the map: the path is highlighted, and the list says where it breaks", async ({ page }) => {
  const map = new MapPage(page);
  await page.goto(
    `/?reach=${encodeURIComponent(`local/${id(n.web, "container")},local/${id(n.db, "container")}`)}`,
  );
  await map.waitForCanvas();
  await expect(page.getByRole("region", { name: "Can A reach B?" })).toBeVisible();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue(`local/${id(n.web, "container")}`);
  const answer = page.getByRole("region", { name: "Reach answer" });
  await expect(answer.getByText("cannot").first()).toBeVisible();
  const twin = (elementId: string) => map.nodes.locator(`li[data-element-id="${elementId}"]`);
  await expect(twin(`container:local:${id(n.web, "container")}`)).toHaveAttribute("data-highlight", "broken");
  await expect(twin(`container:local:${id(n.db, "container")}`)).toHaveAttribute("data-highlight", "broken");
  await expect(twin(`network:local:${id(n.data, "network")}`)).toHaveAttribute("data-highlight", "broken");
  await expect(twin(`container:local:${id(n.worker, "container")}`)).not.toHaveAttribute(
    "data-highlight",
    /.*/,
  );
  await page.waitForTimeout(600); // the view's animation to the path
  await page.screenshot({ path: "docs/screenshots/reach-path.png" });
  // Picking another pair from the list: api reaches db over data, and the path is drawn as working.
  await page.getByLabel("From", { exact: true }).selectOption(`local/${id(n.api, "container")}`);
  await expect(answer.getByRole("heading", { name: `${n.api} → ${n.db}` })).toBeVisible();
  await expect(answer.getByText("reaches").first()).toBeVisible();
  await expect(twin(`container:local:${id(n.api, "container")}`)).toHaveAttribute("data-highlight", "ok");
  await expect(
    map.connections.locator(
      `li[data-element-id="endpoint:local:${id(n.data, "network")}:${id(n.api, "container")}"]`,
    ),
  ).toHaveAttribute("data-highlight", "ok");
});

test("a network's DNS tab lists its names, a shared alias as round-robin; the default bridge says it has none", async ({
  page,
}) => {
  await page.goto(`/networks/${id(n.back, "network")}?engine=local`);
  await page.getByRole("tab", { name: "DNS" }).click();
  const table = page.getByRole("table", { name: `DNS names on ${n.back}` });
  await expect(table.getByRole("row", { name: /^app .*round-robin/ })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(`^${n.api} `) })).toContainText("container name");
  await page.goto("/networks/bridge?engine=local&tab=dns");
  await expect(page.getByText(/default bridge has no embedded DNS/)).toBeVisible();
});

test("a finding focuses its elements on the map", async ({ page }) => {
  await page.goto("/findings");
  const finding = page.getByRole("listitem", {
    name: `${n.old1} addresses ${n.old2} by name on the default bridge`,
  });
  await expect(finding).toBeVisible();
  await expect(
    page.getByRole("listitem", { name: `"${n.db}" does not resolve from ${n.web}` }),
  ).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/findings.png" });
  await finding.getByRole("link", { name: "Show on the map" }).click();
  const map = new MapPage(page);
  await map.waitForCanvas();
  const twin = (elementId: string) => map.nodes.locator(`li[data-element-id="${elementId}"]`);
  await expect(twin(`container:local:${id(n.old1, "container")}`)).toHaveAttribute("data-highlight", "focus");
  await expect(twin(`container:local:${id(n.old2, "container")}`)).toHaveAttribute("data-highlight", "focus");
  await expect(map.details.getByRole("heading", { name: `Container ${n.old1}` })).toBeVisible();
});

test("search on the map finds a container by its alias", async ({ page }) => {
  const map = new MapPage(page);
  await map.open();
  await map.waitForCanvas();
  await page.keyboard.press("/");
  await expect(page.getByRole("combobox", { name: "Search the map" })).toBeFocused();
  await page.keyboard.type("database");
  const results = page.getByRole("list", { name: "Search results" });
  await expect(
    results.getByRole("button", { name: new RegExp(`^${n.db} container · alias database`) }),
  ).toBeVisible();
  await expect(
    map.nodes.locator(`li[data-element-id="container:local:${id(n.db, "container")}"]`),
  ).toHaveAttribute("data-highlight", "focus");
  await page.keyboard.press("Enter");
  await expect(map.details.getByRole("heading", { name: `Container ${n.db}` })).toBeVisible();
  await expect(map.details.getByRole("region", { name: `Names ${n.db} can use` })).toBeVisible();
});
