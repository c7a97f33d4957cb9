// "What is this?" cards, as a student uses them on a real lab engine: a network made with --internal and ICC off,
// selected on the map (the canvas itself), lists its concepts closed under the facts; one opens to its sentences,
// command and lab link (/labs/<id>), by mouse and by keyboard. Screenshot: docs/screenshots/concept-card.png.
import { expect, type Locator, test } from "@playwright/test";
import { inspect, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { MapPage } from "./pages/map-page";

let t: TestObjects;
let net = "";

test.beforeAll(() => {
  t = testObjects();
  net = t.network("concepts", [
    "--internal",
    "--subnet",
    "10.139.51.0/24",
    "-o",
    "com.docker.network.bridge.enable_icc=false",
  ]);
  t.run("concepts-db", ["--network", net, "--network-alias", "db"]);
});

test.afterAll(() => t?.cleanup());

/** The buttons' accessible names, in order (the drawn ⓘ is hidden from them). */
async function expectNames(buttons: Locator, names: string[]): Promise<void> {
  await expect(buttons).toHaveCount(names.length);
  for (const [i, name] of names.entries()) await expect(buttons.nth(i)).toHaveAccessibleName(name);
}

test("a network selected on the map explains its driver and options, each card linking to its lab", async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await map.waitForCanvas();
  await expect(map.node(new RegExp(`^Network ${net}:`))).toBeVisible();
  const id = inspect<{ Id: string }>("network", net).Id;
  const at = await map.screenPoint(`network:local:${id}`);
  await page.mouse.click(at.x, at.y);
  await expect(map.details.getByRole("heading", { name: `Network ${net}` })).toBeVisible();

  const cards = map.details.getByRole("region", { name: "What is this?" });
  const toggles = cards.getByRole("button", { name: /what is this\?$/ });
  // Docker's words for what this network is, in the order of the facts: driver, flags, options, addressing.
  await expectNames(toggles, [
    "bridge — what is this?",
    "a user-defined bridge — what is this?",
    "internal network — what is this?",
    "inter-container communication (ICC) — what is this?",
    "embedded DNS (127.0.0.11) — what is this?",
    "subnet — what is this?",
    "gateway — what is this?",
  ]);
  // All closed: the facts above them stay where they were.
  for (const toggle of await toggles.all()) await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(cards.getByRole("link")).toHaveCount(0);
  await expect(map.details.getByRole("definition").filter({ hasText: id })).toBeInViewport();

  const internal = cards.getByRole("button", { name: "internal network — what is this?" });
  await internal.click();
  await expect(internal).toHaveAttribute("aria-expanded", "true");
  const body = page.locator(`#${await internal.getAttribute("aria-controls")}`);
  await expect(body).toContainText("has no way out: no NAT to the outside");
  await expect(body).toContainText("docker network create --internal app-data");
  const lab = body.getByRole("link", { name: /^Learn it in the lab: / });
  await expect(lab).toHaveAttribute("href", "/labs/tiers");
  await body.getByRole("button", { name: "Copy command" }).click();
  await expect(body).toContainText(/Copied\.|Selected: press Ctrl\+C/);

  // The keyboard opens a card as well, and the first closes again.
  const icc = cards.getByRole("button", { name: /ICC\) — what is this\?$/ });
  await icc.focus();
  await page.keyboard.press("Enter");
  await expect(icc).toHaveAttribute("aria-expanded", "true");
  await expect(cards.getByRole("link", { name: /^Learn it in the lab: / }).nth(1)).toHaveAttribute(
    "href",
    "/labs/bridge-options",
  );
  await page.keyboard.press("Enter");
  await expect(icc).toHaveAttribute("aria-expanded", "false");

  // The panel's own scroll box, with the open card scrolled into it: what a person sees beside the map.
  await internal.evaluate((el) => el.scrollIntoView({ block: "center" }));
  await map.details.locator("xpath=..").screenshot({ path: "docs/screenshots/concept-card.png" });
});

test("a container on the network explains its aliases and names; selecting another element closes the cards", async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  const db = t.name("concepts-db");
  await map.node(new RegExp(`^Container ${db}:`)).click();
  const cards = map.details.getByRole("region", { name: "What is this?" });
  await expectNames(cards.getByRole("button"), [
    "network aliases — what is this?",
    "embedded DNS (127.0.0.11) — what is this?",
  ]);
  await cards.getByRole("button", { name: /aliases/ }).click();
  const labs = cards.getByRole("link", { name: /^Learn it in the lab: / });
  await expect(labs).toHaveCount(2);
  await expect(labs.nth(0)).toHaveAttribute("href", "/labs/names");
  await expect(labs.nth(1)).toHaveAttribute("href", "/labs/round-robin");
  // By keyboard: with a card open the details take most of the side panel, and the list entry may sit under it.
  await map.node(new RegExp(`^Network ${net}:`)).focus();
  await page.keyboard.press("Enter");
  await expect(map.details.getByRole("heading", { name: `Network ${net}` })).toBeVisible();
  await expect(cards.getByRole("link")).toHaveCount(0);
});
