// /engines as an admin uses it on a real lab engine: the environment's engine is listed up with its Docker and
// API version; an engine added in the form (the lab engine's socket under a second id) is tested first, saved,
// goes up, appears on an open map with its health in the details, and leaves it when removed. A certificate
// that is not PEM is refused beside its input; a viewer sees health but no controls, and the API refuses
// them. A TLS engine (a dockerd with --tlsverify) and an SSH engine (sshd in front of a lab engine) are added with
// their files in the form and go up. Screenshots: docs/screenshots/engines.png, engines-add.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { docker } from "../lib/testing/docker-cli";
import {
  labAddress,
  makeSshKey,
  makeTlsMaterial,
  startSshd,
  startTlsEngine,
  stopRemoteSlot,
  stopSshd,
} from "../lib/testing/remote-engines";
import { SERVERS, STATE } from "../playwright.config";
import { USERS } from "./global-setup";
import { signedIn } from "./pages/lab-page";
import { MapPage } from "./pages/map-page";

const SOCKET = process.env.DOCKER_HOST ?? "unix:///run/netatlas-lab/a/docker.sock";
const ID = "e2e-again";
const [VERSION, API] = docker(["version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}"])
  .trim()
  .split(" ");

/** Removes engines this spec added, as the admin; an engine left behind would be down on every later spec's map. */
async function removeEngines(ids: string[]): Promise<void> {
  const admin = await playwrightRequest.newContext({ baseURL: SERVERS.main, storageState: STATE });
  try {
    for (const id of ids) {
      const answer = await admin.delete(`/api/engines/${id}`, {
        headers: { Origin: SERVERS.main, "Content-Type": "application/json" },
      });
      expect([200, 404], `removing engine ${id}: ${await answer.text()}`).toContain(answer.status());
    }
  } finally {
    await admin.dispose();
  }
}

test.afterAll(() => removeEngines([ID]));

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
  await form.screenshot({ path: "docs/screenshots/engines-add.png" });
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
  // Selected on the map, the engine shows its health under its facts.
  await map.node(new RegExp(`^Engine ${ID} `)).click();
  const health = map.details.getByLabel("Engine details");
  await expect(health).toContainText(/up since/);
  await expect(health).toContainText("Stream reconnects");

  // A change of description is saved in place; the id stays.
  await added.getByRole("button", { name: "Change" }).click();
  const change = page.getByRole("form", { name: `Change engine ${ID}` });
  await expect(change.getByLabel("Id")).toBeDisabled();
  await change.getByLabel("Description").fill("renamed in the browser");
  await change.getByRole("button", { name: "Save changes" }).click();
  await expect(added).toContainText("renamed in the browser");

  await added.getByRole("button", { name: "Test" }).click();
  await expect(table.getByRole("status")).toContainText(`Connected in`);

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

test.describe("remote engines added in the form", () => {
  // A dockerd with --tlsverify on TCP and an OpenSSH server in front of it, in a lab slot of this spec's own.
  const slot = "tls-e2e";
  const address = labAddress(slot);
  let root = "";
  let knownHosts = "";
  let client = "";
  let keyFile = "";

  test.beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "natest-e2e-remote-"));
    const tls = makeTlsMaterial(join(root, "tls"), address);
    client = tls.client;
    startTlsEngine(slot, tls.server);
    const key = makeSshKey(join(root, "ssh"));
    keyFile = join(key.dir, "id_key");
    writeFileSync(join(root, "authorized_keys"), `${key.publicKey}\n`);
    knownHosts = startSshd(slot, { authorizedKeys: join(root, "authorized_keys") });
  });

  test.afterAll(async () => {
    await removeEngines(["e2e-tls", "e2e-ssh"]);
    try {
      stopSshd(slot);
    } finally {
      stopRemoteSlot(slot);
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("a TLS engine and an SSH engine, added with their files, go up; the page shows what is stored", async ({
    page,
  }) => {
    await page.goto("/engines");
    const table = page.getByRole("table", { name: "Engines" });

    await page.getByRole("button", { name: "Add an engine" }).click();
    let form = page.getByRole("form", { name: "Add an engine" });
    await form.getByLabel("TCP with TLS").check();
    await form.getByLabel("Id").fill("e2e-tls");
    await form.getByLabel("Address").fill(`tcp://${address}:2376`);
    await form.getByLabel("Description").fill("dockerd --tlsverify in a lab namespace");
    await form.getByLabel("CA certificate (ca.pem)").setInputFiles(join(client, "ca.pem"));
    await form.getByLabel("Client certificate (cert.pem)").setInputFiles(join(client, "cert.pem"));
    await form.getByLabel("Client key (key.pem)").setInputFiles(join(client, "key.pem"));
    await form.getByRole("button", { name: "Test connection" }).click();
    await expect(form.getByRole("status")).toContainText("Connected in");
    await form.getByRole("button", { name: "Add engine" }).click();
    const tlsRow = table.locator('tr[data-engine="e2e-tls"]');
    await expect(tlsRow.locator("[data-health]")).toHaveAttribute("data-health", "live", { timeout: 15_000 });
    await expect(tlsRow).toContainText("TLS");

    await page.getByRole("button", { name: "Add an engine" }).click();
    form = page.getByRole("form", { name: "Add an engine" });
    await form.getByLabel("SSH", { exact: true }).check();
    await form.getByLabel("Id").fill("e2e-ssh");
    await form.getByLabel("Address").fill(`ssh://root@${address}`);
    await form.getByLabel("Description").fill("through sshd and docker system dial-stdio");
    await form.getByLabel("Private key").setInputFiles(keyFile);
    await form.getByLabel("Host key (known_hosts line)").fill(knownHosts);
    await form.getByRole("button", { name: "Add engine" }).click();
    const sshRow = table.locator('tr[data-engine="e2e-ssh"]');
    await expect(sshRow.locator("[data-health]")).toHaveAttribute("data-health", "live", { timeout: 20_000 });

    // What is stored is summarised, never shown: the key's fingerprint, not the key.
    await sshRow.getByRole("button", { name: "Change" }).click();
    const change = page.getByRole("form", { name: "Change engine e2e-ssh" });
    await expect(change).toContainText(/Stored: ssh-ed25519 SHA256:/);
    expect(await page.content()).not.toContain(readFileSync(keyFile, "utf8").split("\n")[1] as string);
    await change.getByRole("button", { name: "Cancel" }).click();
    await page.screenshot({ path: "docs/screenshots/engines.png", fullPage: true });
  });
});
