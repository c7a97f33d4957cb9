// A large map read as groups, as a person uses it on a real lab engine: the replicas of a Compose service are one
// node with a count ("Groups: always", as a map above 50 containers starts), its links merged; the details open
// the group in place and close it again; a search for one replica opens its group and focuses it. Screenshot:
// docs/screenshots/groups.png.
import { expect, test } from "@playwright/test";
import { docker, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { MapPage } from "./pages/map-page";

const REPLICAS = 6;
let t: TestObjects;
let project = "";
const n = { front: "", back: "", web: [] as string[] };

test.beforeAll(() => {
  t = testObjects();
  project = t.prefix.slice(0, -1);
  n.front = t.network("gfront", ["--subnet", "10.127.1.0/24"]);
  n.back = t.network("gback", ["--subnet", "10.127.2.0/24"]);
  const labels = [
    "--label",
    `com.docker.compose.project=${project}`,
    "--label",
    "com.docker.compose.service=web",
  ];
  for (let i = 1; i <= REPLICAS; i++) {
    const name = t.run(`web-${i}`, [...labels, "--network", n.front]);
    docker(["network", "connect", n.back, name]);
    n.web.push(name);
  }
});

test.afterAll(() => t?.cleanup());

test("replicas are one group with a count; it opens in place, closes, and a search opens it", async ({
  page,
}) => {
  const map = new MapPage(page);
  await page.goto("/?layout=fcose&group=on");
  await map.waitForCanvas();
  const group = map.nodes.locator(`li[data-kind="group"]`).filter({ hasText: `${project}/web` });
  await expect(group).toContainText(
    new RegExp(
      `^Group ${project}/web, ${REPLICAS} containers \\(one Compose service\\): ${REPLICAS} running`,
    ),
  );
  for (const name of n.web)
    await expect(map.nodes.getByRole("button", { name: new RegExp(`^Container ${name}:`) })).toHaveCount(0);
  // Its twelve links (six replicas on two networks) are two, each saying how many it stands for.
  const merged = map.connections
    .locator('li[data-kind="endpoint"]')
    .filter({ hasText: `${REPLICAS} links between` });
  await expect(merged).toHaveCount(2);
  await page.screenshot({ path: "docs/screenshots/groups.png" });

  await group.getByRole("button").click();
  await map.details.getByRole("button", { name: `Show each of the ${REPLICAS} containers` }).click();
  await expect(group).toHaveCount(0);
  for (const name of n.web)
    await expect(map.nodes.getByRole("button", { name: new RegExp(`^Container ${name}:`) })).toBeVisible();

  await map.nodes.getByRole("button", { name: new RegExp(`^Container ${n.web[0]}:`) }).click();
  await map.details.getByRole("button", { name: `Draw its group of ${REPLICAS} as one again` }).click();
  await expect(group).toHaveCount(1);

  // A search for one replica opens its group and focuses the hit.
  await page.keyboard.press("Escape");
  await page.keyboard.press("/");
  await page.keyboard.type(n.web[2] as string);
  await expect(group).toHaveCount(0);
  await expect(
    map.nodes.locator("li[data-highlight=focus]").filter({ hasText: `Container ${n.web[2]}:` }),
  ).toHaveCount(1);
});
