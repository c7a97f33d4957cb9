// Managing networks as an operator does it in the browser: drag a container onto a network to connect it
// with an alias and a static address, see what a disconnect takes away before doing it, remove a network,
// prune, and read the refusals (ours, and Docker's own words).
import { expect, test } from "@playwright/test";
import { docker, inspect, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { MapPage } from "./pages/map-page";

let t: TestObjects;

test.beforeAll(() => {
  t = testObjects();
});

test.afterAll(() => t?.cleanup());

const idOf = (kind: "network" | "container", name: string) => inspect<{ Id: string }>(kind, name).Id;

test("drag a container onto a network, connect it with an alias, see the impact, disconnect, remove", async ({
  page,
}) => {
  const net = t.network("dd-net", ["--subnet", "10.160.0.0/24"]);
  const keep = t.network("dd-keep");
  const box = t.run("dd-box", ["--network", keep]);
  const peer = t.run("dd-peer", ["--network", net]);
  const map = new MapPage(page);
  await map.open();
  await map.waitForCanvas();
  await expect(map.node(new RegExp(`^Container ${box}:`))).toBeVisible();

  await map.dragNode(`container:local:${idOf("container", box)}`, `network:local:${idOf("network", net)}`);
  const dialog = page.getByRole("form", { name: "Connect a container" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Network")).toHaveValue(idOf("network", net));
  // .1 is the gateway and .2 the peer: the suggestions start after them.
  await expect(dialog.getByText(/^Free: 10\.160\.0\.3, 10\.160\.0\.4,/)).toBeVisible();
  await dialog.getByLabel("Aliases").fill("api");
  await dialog.getByLabel("IPv4 address").fill("10.160.0.50");
  await expect(
    dialog.getByText(`docker network connect --alias api --ip 10.160.0.50 ${net} ${box}`),
  ).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/connect-by-drag.png" });
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Connected ${box} to ${net}.` })).toBeVisible();
  const raw = inspect<{
    NetworkSettings: { Networks: Record<string, { IPAddress: string; Aliases: string[] }> };
  }>("container", box);
  expect(raw.NetworkSettings.Networks[net]?.IPAddress).toBe("10.160.0.50");
  expect(raw.NetworkSettings.Networks[net]?.Aliases).toContain("api");
  await expect(
    map.connection(new RegExp(`^${box} on ${net}: 10\\.160\\.0\\.50/24, aliases api`)),
  ).toBeVisible();

  // Before disconnecting: it would lose its peer on that network (they share no other).
  await map.node(new RegExp(`^Network ${net}:`)).click();
  await map.details.getByRole("button", { name: `Disconnect ${box} from ${net}` }).click();
  const impact = map.details.getByRole("region", { name: `Disconnect ${box} from ${net}` });
  await expect(impact).toContainText(`It can no longer reach ${peer}`);
  await expect(impact).toContainText(`docker network disconnect ${net} ${box}`);
  await page.screenshot({ path: "docs/screenshots/disconnect-impact.png" });
  await impact.getByRole("button", { name: "Disconnect", exact: true }).click();
  await expect(map.connection(new RegExp(`^${box} on ${net}:`))).toHaveCount(0);
  expect(
    Object.keys(
      inspect<{ NetworkSettings: { Networks: Record<string, unknown> } }>("container", box).NetworkSettings
        .Networks,
    ),
  ).toEqual([keep]);

  // Removing a network still in use is not offered, naming who uses it (the API's refusal is tested in
  // security.integration); once the live map shows it free, it goes.
  await map.details.getByRole("button", { name: "Remove network" }).click();
  const removal = map.details.getByRole("region", { name: `Remove network ${net}` });
  await expect(removal).toContainText(`1 container is on it (${peer})`);
  await expect(removal.getByRole("button", { name: "Remove", exact: true })).toBeDisabled();
  docker(["network", "disconnect", net, peer]);
  await expect(removal.getByRole("button", { name: "Remove", exact: true })).toBeEnabled();
  await removal.getByRole("button", { name: "Remove", exact: true }).click();
  // It leaves the map through the live stream (and the panel with it).
  await expect(map.node(new RegExp(`^Network ${net}:`))).toHaveCount(0);
  expect(docker(["network", "ls", "-q", "--filter", `name=^${net}$`])).toBe("");
});

test("prune shows exactly what would go, and removes only that", async ({ page }) => {
  const idle = t.network("prune-idle");
  const used = t.network("prune-used");
  t.run("prune-user", ["--network", used]);
  await page.goto("/networks");
  await page.getByRole("button", { name: "Prune unused networks…" }).click();
  const preview = page.getByRole("region", { name: "Prune preview" });
  await expect(preview).toContainText(idle);
  await expect(preview).not.toContainText(used);
  await expect(preview.getByRole("checkbox", { name: "bridge" })).toHaveCount(0);
  // Tests touch only their own objects: every other idle network on the engine is unticked (kept).
  for (const box of await preview.getByRole("checkbox").all()) {
    const name = (await box.evaluate((el) => el.parentElement?.textContent ?? "")).trim();
    if (name !== idle) await box.uncheck();
  }
  // All ticked, the command is docker network prune; some kept, it names the ones that go.
  await expect(preview).toContainText(new RegExp(`docker network (prune|rm ${idle})`));
  await preview.getByRole("button", { name: "Remove 1 network" }).click();
  const results = page.getByRole("list", { name: "Prune results" });
  await expect(results).toContainText(`${idle}: removed`);
  expect(docker(["network", "ls", "-q", "--filter", `name=^${idle}$`])).toBe("");
  expect(inspect("network", used)).toBeTruthy();
});

test("the create form builds the exact docker command, checks as you type, and shows Docker's own refusal", async ({
  page,
}) => {
  const name = t.name("form-full");
  await page.goto("/networks");
  await page.getByRole("button", { name: "New network" }).click();
  // A modal dialog over the table, its first field ready to type in, and one pool row from the start.
  const dialog = page.getByRole("dialog", { name: "New network" });
  const form = dialog.getByRole("form", { name: "New network" });
  await expect(form.locator("input, select, textarea").first()).toBeFocused();
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Subnet 1").fill("10.171.0.1/24");
  await form.getByLabel("Gateway 1").fill("10.171.0.1");
  // Checked as you type: host bits, with the prefix that was meant.
  await expect(form.getByText("did you mean 10.171.0.0/24?")).toBeVisible();
  await form.getByLabel("Subnet 1").fill("10.171.0.0/24");
  await expect(form.getByText("did you mean 10.171.0.0/24?")).toHaveCount(0);
  await form.getByLabel("MTU").fill("1400");
  await form.getByLabel("Labels").fill(t.label);
  const command = `docker network create --subnet 10.171.0.0/24 --gateway 10.171.0.1 --opt com.docker.network.driver.mtu=1400 --label ${t.label} ${name}`;
  await expect(form.getByText(command)).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/create-form.png", fullPage: true });
  await form.getByRole("button", { name: "Create network" }).click();
  await expect(form.getByRole("status")).toContainText(`Created network ${name}`);
  // What was created is what the command says.
  const raw = inspect<{
    IPAM: { Config: Array<{ Subnet: string; Gateway: string }> };
    Options: Record<string, string>;
  }>("network", name);
  expect(raw.IPAM.Config).toEqual([{ Subnet: "10.171.0.0/24", Gateway: "10.171.0.1" }]);
  expect(raw.Options["com.docker.network.driver.mtu"]).toBe("1400");

  // A plugin that is not installed: only Docker can say so, and its words are shown.
  await form.getByLabel("Name", { exact: true }).fill(t.name("no-plugin"));
  await form.getByLabel("Driver", { exact: true }).selectOption({ label: "other (plugin)…" });
  await form.getByLabel("Plugin driver").fill("natest-no-such-plugin");
  await form.getByRole("button", { name: "Create network" }).click();
  // Docker looks for an unknown plugin for about 15 s before it answers.
  await expect(form.getByRole("alert")).toContainText(/Docker: .*natest-no-such-plugin.*not found/, {
    timeout: 25_000,
  });
  expect(docker(["network", "ls", "-q", "--filter", `name=^${t.name("no-plugin")}$`])).toBe("");
  // Escape closes the dialog.
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
});

test("right click on the map offers the changes an element allows, and opens them with their impact", async ({
  page,
}) => {
  const net = t.network("ctx-net");
  const box = t.run("ctx-box", ["--network", net]);
  const map = new MapPage(page);
  await map.open();
  await map.waitForCanvas();
  await expect(map.node(new RegExp(`^Network ${net}:`))).toBeVisible();
  const at = await map.screenPoint(`network:local:${idOf("network", net)}`);
  await page.mouse.click(at.x, at.y, { button: "right" });
  const menu = page.getByRole("menu", { name: `Actions for ${net}` });
  await expect(menu.getByRole("menuitem")).toHaveText([
    "Show details",
    "Connect a container…",
    "Remove network…",
  ]);
  await menu.getByRole("menuitem", { name: "Remove network…" }).click();
  await expect(menu).toHaveCount(0);
  const ask = map.details.getByRole("region", { name: `Remove network ${net}` });
  await expect(ask).toContainText(`1 container is on it (${box})`);
  await expect(ask).toContainText(`docker network rm ${net}`);
  await ask.getByRole("button", { name: "Cancel" }).click();
  expect(inspect("network", net)).toBeTruthy();
});
