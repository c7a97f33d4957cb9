// Probes as an operator runs them from the map on a real lab engine: each kind from a container's details, its
// result in words (and the docker command it stands for); and "Check with a probe" on a reach answer, which
// agrees with the model for a pair it says cannot talk (inter-container traffic off) and for a name.
// Screenshots: docs/screenshots/probe.png, probe-check.png.
import { expect, test } from "@playwright/test";
import { docker, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { MapPage } from "./pages/map-page";

let t: TestObjects;
const n = { net: "", quiet: "", web: "", client: "", a: "", b: "" };
const id = (ref: string) => docker(["container", "inspect", "--format", "{{.Id}}", ref]);
const HTTP = ["sh", "-c", "mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 80 -h /www"];

test.beforeAll(() => {
  t = testObjects();
  n.net = t.network("pr", ["--subnet", "10.134.5.0/24"]);
  n.web = t.run("web", ["--network", n.net, "--network-alias", "site"], HTTP);
  n.client = t.run("client", ["--network", n.net]);
  // Inter-container traffic off: the model says a and b cannot talk, though they share the network.
  n.quiet = t.network("quiet", [
    "--subnet",
    "10.134.6.0/24",
    "-o",
    "com.docker.network.bridge.enable_icc=false",
  ]);
  n.a = t.run("a", ["--network", n.quiet]);
  n.b = t.run("b", ["--network", n.quiet], HTTP);
});

test.afterAll(() => t?.cleanup());

test("each probe kind runs from a container's details and says what the packets did", async ({ page }) => {
  const map = new MapPage(page);
  await page.goto("/");
  await map.waitForCanvas();
  await map.node(new RegExp(`^Container ${n.client}:`)).click();
  const panel = page.getByRole("region", { name: "Probe" });
  /** Runs one probe; `fill` names the form's fields (target, port, count, path, seconds). */
  const run = async (kind: string, fill: Record<string, string>, expected: RegExp) => {
    await panel.locator(`select[name="kind"]`).selectOption({ label: kind });
    for (const [name, value] of Object.entries(fill)) {
      const field = panel.locator(`[name="${name}"]`);
      if ((await field.evaluate((e) => e.tagName)) === "SELECT") await field.selectOption({ label: value });
      else await field.fill(value);
    }
    await panel.getByRole("button", { name: "Run probe" }).click();
    const result = panel.locator("[data-ok]");
    await expect(result).toContainText(expected, { timeout: 15_000 });
    return result;
  };
  const ping = await run("Ping", { target: n.web, count: "2" }, /2 of 2|replies/);
  await expect(ping).toHaveAttribute("data-ok", "true");
  await expect(panel.getByText(/docker exec .*ping/)).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/probe.png" });
  await expect(await run("TCP connect", { target: "site", port: "80" }, /open/)).toHaveAttribute(
    "data-ok",
    "true",
  );
  await expect(await run("TCP connect", { target: n.web, port: "81" }, /refused/)).toHaveAttribute(
    "data-ok",
    "false",
  );
  await run("HTTP GET", { target: n.web, port: "80", path: "/index.html" }, /200/);
  await run("DNS lookup", { target: "site" }, /10\.134\.5\./);
  await run("Path trace", { target: n.web }, /hop|reached/i);
  await run("Throughput", { target: n.web, seconds: "1" }, /bit\/s/);
});

test("Check with a probe agrees with the model on a pair it says cannot talk, and on a name", async ({
  page,
}) => {
  await page.goto(`/?reach=${encodeURIComponent(`local/${id(n.a)},local/${id(n.b)}`)}`);
  const answer = page.getByRole("region", { name: "Reach answer" });
  await expect(answer.getByText("cannot").first()).toBeVisible();
  const ways = answer.getByRole("region", { name: "Ways" });
  await ways.getByRole("button", { name: "Check with a probe" }).first().click();
  const verdict = ways.locator("[data-agreement]").first();
  await expect(verdict).toHaveAttribute("data-agreement", "agrees", { timeout: 15_000 });
  await expect(verdict).toContainText("the probe did not");
  await verdict.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "docs/screenshots/probe-check.png" });
  // A name the model says gives an address: the DNS lookup from a gives the same.
  const names = answer.getByRole("region", { name: "Names" });
  await names.getByRole("button", { name: "Check" }).first().click();
  await expect(names.locator("[data-agreement]").first()).toHaveAttribute("data-agreement", "agrees", {
    timeout: 15_000,
  });
});
