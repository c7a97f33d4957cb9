// Traffic and packets, as an operator meets them on a real lab engine: the Traffic switch makes a busy edge
// (a client fetching from a web server in a loop) grow and lists the top talkers while an idle container's
// edge stays plain; a capture started from a container's details ends with its summary and a pcap that holds
// the web traffic. Screenshots: docs/screenshots/traffic.png, capture.png.
import { expect, test } from "@playwright/test";
import { readPcap } from "../lib/capture/pcap";
import { docker, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { MapPage } from "./pages/map-page";

let t: TestObjects;
const n = { net: "", web: "", client: "", idle: "" };
const id = (ref: string, kind: "network" | "container") =>
  docker([kind, "inspect", "--format", "{{.Id}}", ref]);
const endpoint = (container: string) =>
  `endpoint:local:${id(n.net, "network")}:${id(container, "container")}`;

test.beforeAll(() => {
  t = testObjects();
  n.net = t.network("flow", ["--subnet", "10.133.4.0/24"]);
  n.web = t.run(
    "web",
    ["--network", n.net],
    ["sh", "-c", "mkdir -p /www && head -c 200000 /dev/zero > /www/f && exec httpd -f -p 80 -h /www"],
  );
  n.client = t.run(
    "client",
    ["--network", n.net],
    ["sh", "-c", `while true; do wget -q -O /dev/null http://${t.name("web")}/f; sleep 0.1; done`],
  );
  n.idle = t.run("idle", ["--network", n.net]);
});

test.afterAll(() => t?.cleanup());

test("Traffic on: the busy edge grows and leads the top talkers; the idle one stays plain", async ({
  page,
}) => {
  const map = new MapPage(page);
  await page.goto("/");
  await map.waitForCanvas();
  // Off: no edge carries a rate.
  await expect(map.connections.locator("li[data-traffic]")).toHaveCount(0);
  await page.getByRole("switch", { name: "Traffic" }).check();
  await expect(page).toHaveURL(/traffic=1/);
  const busy = map.connections.locator(`li[data-element-id="${endpoint(n.client)}"]`);
  await expect
    .poll(async () => Number((await busy.getAttribute("data-traffic")) ?? 0), { timeout: 20_000 })
    .toBeGreaterThan(10_000);
  await expect(busy).toContainText(/[kM]B\/s$/);
  await expect(map.connections.locator(`li[data-element-id="${endpoint(n.idle)}"]`)).not.toHaveAttribute(
    "data-traffic",
    /.*/,
  );
  const talkers = page.getByRole("list", { name: "Top talkers" });
  await expect(talkers).toContainText(n.client);
  await expect(talkers).not.toContainText(n.idle);
  await page
    .getByRole("region", { name: "Traffic" })
    .getByRole("button", { name: new RegExp(n.client) })
    .first()
    .click();
  await expect(page.getByRole("region", { name: "Traffic of the selection" }).getByRole("img")).toBeVisible({
    timeout: 10_000,
  });
  await page.getByRole("region", { name: "Traffic of the selection" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/traffic.png" });
});

test("a capture from a container's details ends with its summary and a pcap of the web traffic", async ({
  page,
}) => {
  const map = new MapPage(page);
  await page.goto("/");
  await map.waitForCanvas();
  await map.node(new RegExp(`^Container ${n.client}:`)).click();
  const panel = page.getByRole("region", { name: "Capture" });
  await panel.getByLabel("Where").selectOption({ label: `its interface on ${n.net} (host side)` });
  await panel.getByLabel("Protocol").selectOption("tcp");
  await panel.getByLabel("Port").fill("80");
  await panel.getByLabel("Seconds").fill("3");
  await panel.getByRole("button", { name: "Start capture" }).click();
  await expect(panel.getByText(/tcpdump -i veth/)).toBeVisible();
  const result = panel.getByRole("status", { name: "Capture result" });
  await expect(result).toContainText(/packets/, { timeout: 15_000 });
  await expect(result.getByRole("table", { name: "Conversations" })).toContainText(":80");
  await result.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/capture.png" });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    result.getByRole("link", { name: /Download pcap/ }).click(),
  ]);
  const file = await download.path();
  const { readFileSync } = await import("node:fs");
  const packets = readPcap(readFileSync(file)).packets;
  expect(packets.length).toBeGreaterThan(0);
  expect(packets.every((p) => p.protocol === "tcp" && (p.srcPort === 80 || p.dstPort === 80))).toBe(true);
});
