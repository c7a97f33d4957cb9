// Under the hood and across hosts, as a person uses it: the classic three-tier application drawn in three tier
// bands (inferred from --internal and the published port), a band collapsed to one node and expanded again, the
// choice kept over a reload; the Linux layer switched on shows the veth pairs by the names the engine's network
// namespace gives them; two hosts in a swarm with a service across both and the VXLAN tunnel between them.
// Screenshots go to docs/screenshots (tiers.png, linux-layer.png, two-hosts.png).
import { execFileSync } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";
import { docker, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { createService, removeService } from "../lib/testing/swarm-cli";
import { SERVERS, TWO_HOSTS } from "../playwright.config";
import { MapPage } from "./pages/map-page";

let t: TestObjects;
let n: { edge: string; internal: string; data: string; web: string; app: string; db: string };
const id = (ref: string, kind: "network" | "container") =>
  docker([kind, "inspect", "--format", "{{.Id}}", ref]);

test.beforeAll(() => {
  t = testObjects();
  // No labels: every tier here is inferred. Docker publishes web's port on its first non-internal network by
  // name (edge, before internal), so edge is public; internal has no published port; data is --internal.
  const edge = t.network("edge", ["--subnet", "10.125.1.0/24"]);
  const internal = t.network("internal", ["--subnet", "10.125.2.0/24"]);
  const data = t.network("data", ["--internal", "--subnet", "10.125.3.0/24"]);
  const web = t.run(
    "web",
    ["--network", edge, "-p", "127.0.0.1:18090:80"],
    ["httpd", "-f", "-p", "80", "-h", "/"],
  );
  docker(["network", "connect", internal, web]);
  const app = t.run("app", ["--network", internal]);
  docker(["network", "connect", data, app]);
  const db = t.run("db", ["--network", data]);
  n = { edge, internal, data, web, app, db };
});

test.afterAll(() => t?.cleanup());

/** Where the map keeps a node of a view (its saved position). */
function savedX(page: Page, view: string, element: string): Promise<number | null> {
  return page.evaluate(
    ([key, el]) =>
      (JSON.parse(localStorage.getItem(key as string) ?? "{}")[el as string]?.x as number) ?? null,
    [`netatlas.positions.v1.${view}`, element],
  );
}

test("the three-tier example is drawn in three tier bands; a band collapses and expands, kept over a reload", async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await page.getByRole("group", { name: "Layout" }).getByRole("button", { name: "Tiered" }).click();
  await expect(page).toHaveURL(/layout=tiered/);
  const member = (ref: string, kind: "network" | "container") =>
    map.nodes.locator(`li[data-element-id="${kind}:local:${id(ref, kind)}"]`);
  await expect(member(n.edge, "network")).toHaveAttribute("data-parent", "tier:public");
  await expect(member(n.internal, "network")).toHaveAttribute("data-parent", "tier:internal");
  await expect(member(n.data, "network")).toHaveAttribute("data-parent", "tier:data");
  await expect(member(n.web, "container")).toHaveAttribute("data-parent", "tier:public");
  await expect(member(n.app, "container")).toHaveAttribute("data-parent", "tier:internal");
  await expect(member(n.db, "container")).toHaveAttribute("data-parent", "tier:data");
  // The bands stand left to right: public, internal, data.
  const netId = (ref: string) => `network:local:${id(ref, "network")}`;
  await expect.poll(() => savedX(page, "tiered", netId(n.data))).not.toBeNull();
  const [xe, xi, xd] = await Promise.all(
    [n.edge, n.internal, n.data].map((r) => savedX(page, "tiered", netId(r))),
  );
  expect(xe).toBeLessThan(xi as number);
  expect(xi).toBeLessThan(xd as number);
  // The legend says the rules; the outside reaches web through its published port.
  await expect(page.getByLabel("Tier rules")).toContainText("--internal");
  await expect(map.connection(/18090→80\/tcp/)).toBeVisible();
  // Drawn as a diagram: no label over another label or over a node that is not its own.
  await expectNoLabelOverlaps(page);
  await page.screenshot({ path: "docs/screenshots/tiers.png" });

  await page
    .getByRole("group", { name: "Tier bands" })
    .getByRole("button", { name: "Collapse private" })
    .click();
  await expect(member(n.app, "container")).toHaveCount(0);
  await expect(map.nodes.locator('li[data-element-id="tier-summary:internal"]')).toContainText(
    /^Private tier, \d+ networks?,? .*\d+ containers?.*collapsed/,
  );
  await expect(page).toHaveURL(/collapsed=internal/);
  // The connections into the band end on its summary node: the canvas draws every one the list holds.
  await expectDrawnAsListed(page, map);
  await page.reload();
  await expect(map.nodes.locator('li[data-element-id="tier-summary:internal"]')).toHaveCount(1);
  await expect(member(n.app, "container")).toHaveCount(0);

  await page
    .getByRole("group", { name: "Tier bands" })
    .getByRole("button", { name: "Expand private" })
    .click();
  await expect(member(n.app, "container")).toHaveAttribute("data-parent", "tier:internal");
  await expect(map.nodes.locator('li[data-element-id="tier-summary:internal"]')).toHaveCount(0);
  await expectDrawnAsListed(page, map);
  await page.getByRole("group", { name: "Layout" }).getByRole("button", { name: "Force" }).click();
});

/**
 * What the canvas publishes about colliding labels (data-label-overlaps), once the view has rested: as shown,
 * then zoomed in until every label is drawn (edge addresses too: level of detail hides them when far out),
 * then back to the picture as it was.
 */
async function expectNoLabelOverlaps(page: Page): Promise<void> {
  const canvas = page.locator("[data-label-overlaps]");
  const none = () =>
    expect
      .poll(
        async () =>
          `${await canvas.getAttribute("data-label-overlaps")} ${await canvas.getAttribute("data-label-overlap-pairs")}`,
      )
      .toBe("0 ");
  await none();
  const zoom = async () => Number(await page.locator("[data-zoom]").getAttribute("data-zoom"));
  const before = await zoom();
  let steps = 0;
  for (; (await zoom()) < 1.2 && steps < 8; steps++)
    await page.getByRole("button", { name: "Zoom in" }).click();
  await none();
  for (; steps > 0; steps--) await page.getByRole("button", { name: "Zoom out" }).click();
  expect(Math.abs((await zoom()) - before)).toBeLessThan(0.05);
}

/** The canvas draws as many connections as its accessible list holds (none dropped with a collapsed band). */
async function expectDrawnAsListed(page: Page, map: MapPage): Promise<void> {
  const listed = () => map.connections.getByRole("button").count();
  const drawn = async () => Number(await page.locator("[data-drawn-edges]").getAttribute("data-drawn-edges"));
  await expect.poll(async () => (await drawn()) === (await listed()) && (await listed()) > 0).toBe(true);
}

/** The host-side veth of a container's eth0, as the engine's network namespace names it. */
function hostVeth(container: string): string {
  const pid = docker(["inspect", "--format", "{{.State.Pid}}", container]);
  const inside = JSON.parse(
    execFileSync("nsenter", ["-t", pid, "-n", "ip", "-j", "link", "show", "eth0"], { encoding: "utf8" }),
  ) as Array<{ link_index: number }>;
  const slot = /netatlas-lab\/([a-z0-9-]+)\//.exec(process.env.DOCKER_HOST ?? "")?.[1] ?? "a";
  const host = JSON.parse(
    execFileSync("nsenter", [`--net=/var/run/netns/netatlas-${slot}`, "ip", "-j", "link", "show"], {
      encoding: "utf8",
    }),
  ) as Array<{ ifindex: number; ifname: string }>;
  const peer = host.find((l) => l.ifindex === inside[0]?.link_index);
  if (!peer) throw new Error(`no host-side peer for ${container}`);
  return peer.ifname;
}

test("switching the Linux layer on shows each container's veth pair by the host's names", async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await page.getByRole("switch", { name: "Linux layer" }).check();
  await expect(page).toHaveURL(/linux=1/);
  const veth = hostVeth(n.db);
  await expect(map.nodes.locator('li[data-kind="veth"]').filter({ hasText: veth })).toHaveCount(1);
  await expect(map.nodes.locator('li[data-kind="iface"]').filter({ hasText: /eth0/ }).first()).toBeVisible();
  await expect(map.connections.locator('li[data-kind="veth"]').first()).toBeVisible();
  await expectNoLabelOverlaps(page);
  await page.screenshot({ path: "docs/screenshots/linux-layer.png" });
  await page.getByRole("switch", { name: "Linux layer" }).uncheck();
  await expect(map.nodes.locator('li[data-kind="veth"]')).toHaveCount(0);
});

test.describe("two hosts", () => {
  let service = "";
  let overlay = "";
  const onA = (args: string[]) =>
    docker(args, { ...process.env, DOCKER_HOST: TWO_HOSTS.split(",")[0]?.split("=")[1] ?? "" });

  test.beforeAll(() => {
    overlay = t.name("span");
    onA(["network", "create", "--driver", "overlay", "--attachable", "--label", t.label, overlay]);
    service = t.name("svc");
    createService(onA, service, t.label, [
      "--network",
      overlay,
      "--replicas",
      "2",
      "--replicas-max-per-node",
      "1",
    ]);
  });

  test.afterAll(() => removeService(onA, service, overlay));

  test("both hosts are boxes; the service's tasks sit on each; a VXLAN tunnel joins them", async ({
    page,
  }) => {
    const map = new MapPage(page);
    await map.open(SERVERS.twoHosts);
    await page.getByRole("group", { name: "Layout" }).getByRole("button", { name: "Per host" }).click();
    await expect(map.nodes.locator('li[data-element-id="engine:a"]')).toContainText(/swarm manager/);
    await expect(map.nodes.locator('li[data-element-id="engine:b"]')).toContainText(/swarm worker/);
    await expect(map.nodes.locator('li[data-kind="service"]').filter({ hasText: service })).toBeVisible();
    await expect(
      map.connections
        .locator('li[data-kind="task"]')
        .filter({ hasText: /runs on netatlas-a/ })
        .filter({ hasText: service }),
    ).toHaveCount(1, { timeout: 30_000 });
    await expect(
      map.connections
        .locator('li[data-kind="task"]')
        .filter({ hasText: /runs on netatlas-b/ })
        .filter({ hasText: service }),
    ).toHaveCount(1);
    await expect(
      map.connections
        .locator('li[data-kind="tunnel"]')
        .filter({ hasText: overlay })
        .filter({ hasText: /netatlas-a and netatlas-b/ }),
    ).toHaveCount(1, { timeout: 30_000 });
    await expectNoLabelOverlaps(page);
    await page.screenshot({ path: "docs/screenshots/two-hosts.png" });
    await page.getByRole("group", { name: "Layout" }).getByRole("button", { name: "Force" }).click();
  });
});
