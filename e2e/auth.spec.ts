// Security as a person meets it: first-run setup in the browser, sign-in (and the way back to the page asked
// for), a viewer who sees no change controls, an operator's change that lands on the engine and in the audit
// log with its parameters, the headers every page carries, and a client bundle without secrets.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { docker, inspect, type TestObjects, testObjects } from "../lib/testing/docker-cli";
import { ADMIN, DATA, SERVERS } from "../playwright.config";
import { USERS } from "./global-setup";

let t: TestObjects;

test.beforeAll(() => {
  t = testObjects();
});

test.afterAll(() => t?.cleanup());

async function signIn(
  browser: Browser,
  user: { username: string; password: string },
  base = SERVERS.main,
): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: base });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("User name").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${base}/`);
  return page;
}

test("first run: the setup link from the server log creates the admin in the browser", async ({
  browser,
}) => {
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    baseURL: SERVERS.firstRun,
  });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  const token = fs.readFileSync(path.join(DATA.firstRun, "setup-token"), "utf8").trim();

  // A wrong token is refused with a reason, and nothing is created.
  await page.getByLabel("Setup token").fill("not-the-token");
  await page.getByLabel("User name").fill("teacher");
  await page.getByLabel("Password", { exact: true }).fill("a classroom password");
  await page.getByLabel("Repeat password").fill("a classroom password");
  await page.getByRole("button", { name: "Create admin" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("setup token is not valid");

  await page.goto(`/setup?token=${token}`);
  await expect(page.getByLabel("Setup token")).toHaveValue(token);
  await page.getByLabel("User name").fill("teacher");
  await page.getByLabel("Password", { exact: true }).fill("a classroom password");
  await page.getByLabel("Repeat password").fill("a classroom password");
  await page.getByRole("button", { name: "Create admin" }).click();
  await expect(page).toHaveURL(`${SERVERS.firstRun}/`);
  await expect(page.getByRole("img", { name: /Network map/ })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("teacher");
  expect(fs.existsSync(path.join(DATA.firstRun, "setup-token"))).toBe(false);

  // The link is spent: setup sends people to sign in (and the signed-in admin on to the map); the API
  // refuses a second setup with the same token.
  await page.goto(`/setup?token=${token}`);
  await expect(page).toHaveURL(`${SERVERS.firstRun}/`);
  const again = await page.request.post("/api/auth/setup", {
    data: { token, username: "intruder", password: "another long password" },
    headers: { Origin: SERVERS.firstRun },
  });
  expect(again.status()).toBe(409);
  await context.close();
});

test("signing in leads back to the page asked for; a wrong password says so", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/containers");
  await expect(page).toHaveURL(/\/login\?next=%2Fcontainers/);
  await page.getByLabel("User name").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("not right");
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${SERVERS.main}/containers`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/networks");
  await expect(page).toHaveURL(/\/login\?next=%2Fnetworks/);
  await context.close();
});

test("a viewer sees everything but no change controls", async ({ browser }) => {
  const net = t.network("viewed");
  const page = await signIn(browser, USERS.viewer);
  await expect(page.getByRole("banner")).toContainText("viewer");
  await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto(`/networks?q=${t.prefix}`);
  await expect(page.getByRole("link", { name: net })).toBeVisible();
  await expect(page.getByRole("button", { name: "New network" })).toHaveCount(0);
  await page.getByRole("link", { name: net }).click();
  await expect(page.getByRole("heading", { name: `Network ${net}` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove network" })).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByText(/for admins/)).toBeVisible();
  // The API agrees with the page: the same request a control would send is refused.
  const refused = await page.request.post("/api/networks", {
    data: { name: t.name("by-viewer") },
    headers: { Origin: SERVERS.main },
  });
  expect(refused.status()).toBe(403);
  expect(docker(["network", "ls", "-q", "--filter", `name=${t.name("by-viewer")}`])).toBe("");
  await page.context().close();
});

test("an operator's change lands on the engine and in the audit log with its parameters", async ({
  browser,
}) => {
  const name = t.name("made-in-browser");
  const page = await signIn(browser, USERS.operator);
  await page.goto("/networks");
  await page.getByRole("button", { name: "New network" }).click();
  const form = page.getByRole("form", { name: "New network" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel(/Internal/).check();
  await form.getByLabel("Labels").fill(t.label);
  const command = `docker network create --internal --label ${t.label} ${name}`;
  await expect(form.getByText(command)).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/new-network.png" });
  await form.getByRole("button", { name: "Create network" }).click();
  await expect(form.getByRole("status")).toContainText(`Created network ${name}`);
  const made = inspect<{ Internal: boolean; Labels: Record<string, string> }>("network", name);
  expect(made.Internal).toBe(true);

  // The map shows it without a reload (live stream), and the admin finds it in the audit log.
  await page.goto("/");
  await expect(
    page.getByRole("list", { name: "Map nodes" }).getByRole("button", { name: new RegExp(name) }),
  ).toBeVisible();
  const admin = await signIn(browser, ADMIN);
  await admin.goto(`/audit?action=network.create&target=${name}`);
  const log = admin.getByRole("table", { name: "Audit log" });
  const row = log.locator("tbody tr").first();
  await expect(row).toContainText(USERS.operator.username);
  await expect(row).toContainText("network.create");
  await expect(row).toContainText('"internal":true');
  await expect(row).toContainText("ok");
  await admin.screenshot({ path: "docs/screenshots/audit.png" });
  const csv = await admin.request.get(`/api/audit?action=network.create&target=${name}&format=csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain(USERS.operator.username);

  // Removing it from its page says what it does, then it is gone.
  await page.goto(`/networks/${name}`);
  await page.getByRole("button", { name: "Remove network" }).click();
  await expect(page.getByRole("region", { name: `Remove network ${name}` })).toContainText(
    `docker network rm ${name}`,
  );
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(page).toHaveURL(/\/networks$/);
  expect(docker(["network", "ls", "-q", "--filter", `name=^${name}$`])).toBe("");
  await page.context().close();
  await admin.context().close();
});

test("an operator token asks for the password; sign out everywhere revokes it with the password change", async ({
  browser,
}) => {
  const admin = await signIn(browser, ADMIN);
  const person = { username: t.name("acct"), password: "first long password" };
  const made = await admin.request.post("/api/users", {
    headers: { origin: SERVERS.main },
    data: { ...person, role: "operator" },
  });
  expect(made.status()).toBe(201);
  const page = await signIn(browser, person);
  await page.goto("/account");
  await expect(page.getByLabel("Your password")).toHaveCount(0);
  await page.getByLabel("Token name").fill("deploy script");
  await page.getByLabel("Scope").selectOption("operator");
  await page.getByLabel("Your password").fill("not my password");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("alert").first()).toContainText("current password is not right");
  await page.getByLabel("Your password").fill(person.password);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByLabel("New token")).toHaveValue(/^nat_/);
  const secret = await page.getByLabel("New token").inputValue();
  const asToken = () => page.request.get("/api/auth/me", { headers: { authorization: `Bearer ${secret}` } });
  expect((await asToken()).status()).toBe(200);

  await page.getByLabel("Current password").fill(person.password);
  await page.getByLabel("New password", { exact: true }).fill("second long password");
  await page.getByLabel("Repeat new password").fill("second long password");
  await expect(page.getByLabel(/Sign out everywhere/)).toBeChecked();
  await page.screenshot({ path: "docs/screenshots/account.png", fullPage: true });
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toContainText(
    "1 API token was revoked",
  );
  expect((await asToken()).status()).toBe(401);
  await page.context().close();
  await admin.context().close();
});

test("every page carries a nonce CSP without unsafe-eval and the other security headers, and runs under it", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto("/");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  await expect(page.getByRole("img", { name: /Network map/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Map nodes" }).getByRole("button").first()).toBeVisible();
  const api = await page.request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(violations).toEqual([]);
});

test("the client bundle holds no secret: session key, passwords, engine address", () => {
  const key = fs.readFileSync(path.join(DATA.shared, "session.key"), "utf8").trim();
  const secrets = [key, ADMIN.password, USERS.operator.password, "/run/netatlas-lab/", "NETATLAS_"];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(".next/static");
  expect(files.length).toBeGreaterThan(5);
  const leaks = files.flatMap((f) => {
    const text = fs.readFileSync(f, "utf8");
    return secrets.filter((s) => text.includes(s)).map((s) => `${f}: ${s.slice(0, 12)}…`);
  });
  expect(leaks).toEqual([]);
});

test("a data folder that cannot be used stops the start with a clear message", () => {
  const corrupt = "test-results/e2e-data/corrupt";
  fs.mkdirSync(corrupt, { recursive: true });
  fs.writeFileSync(path.join(corrupt, "netatlas.db"), "this is not a database, it is a sentence of text");
  for (const [dir, said] of [
    ["/etc/hostname/data", "cannot be created or written"],
    [corrupt, "not a readable Netatlas database"],
  ] as const) {
    const run = spawnSync("node", ["scripts/server.mjs", "-p", "3199"], {
      env: { ...process.env, NETATLAS_DATA_DIR: dir, NODE_ENV: "production" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain(`cannot use its data folder ${path.resolve(dir)}`);
    expect(run.stdout + run.stderr).toContain(said);
  }
});
