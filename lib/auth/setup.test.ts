// First run, each test in its own empty data folder: the setup token (file, one use, newest only), the
// race of several setups at once (exactly one admin), and the admin made from NETATLAS_ADMIN_PASSWORD(_FILE).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/api/errors";
import { DataDirError, store } from "./db";
import { hashPassword, verifyPassword } from "./passwords";

// The real hashing, watched: a setup that cannot succeed must not spend a password hash.
vi.mock("./passwords", async (original) => {
  const real = await original<typeof import("./passwords")>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});

import { completeSetup, issueSetupToken, prepareFirstRun, setupPending } from "./setup";
import { countUsers, insertUser, listUsers, userByName } from "./users";

const PASSWORD = "correct horse battery staple";
const ENV = [
  "NETATLAS_ADMIN_PASSWORD",
  "NETATLAS_ADMIN_PASSWORD_FILE",
  "NETATLAS_ADMIN_USER",
  "NETATLAS_DATA_DIR",
] as const;
const dirs: string[] = [];
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-setup-"));
  dirs.push(dir);
  process.env.NETATLAS_DATA_DIR = dir;
});

afterEach(() => {
  for (const name of ENV) delete process.env[name];
});

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const tokenFile = () => path.join(dir, "setup-token");

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("prepareFirstRun without users", () => {
  it("answers needs-setup with a token, and writes it to <data>/setup-token (mode 0600)", async () => {
    const first = await prepareFirstRun();
    expect(first.state).toBe("needs-setup");
    const token = first.state === "needs-setup" ? first.token : "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(fs.readFileSync(tokenFile(), "utf8")).toBe(`${token}\n`);
    expect(fs.statSync(tokenFile()).mode & 0o777).toBe(0o600);
    expect(setupPending()).toBe(true);
    expect(countUsers()).toBe(0);
  });

  it("answers ready once there is a user, and removes a leftover token file", async () => {
    await prepareFirstRun();
    expect(fs.existsSync(tokenFile())).toBe(true);
    insertUser("someone", "scrypt$x", "admin");
    expect(await prepareFirstRun()).toEqual({ state: "ready" });
    expect(fs.existsSync(tokenFile())).toBe(false);
    expect(setupPending()).toBe(false);
  });
});

describe("completeSetup", () => {
  it("refuses a wrong token with forbidden and creates nobody", async () => {
    const token = issueSetupToken();
    for (const wrong of ["", "nope", `${token}x`, token.slice(1)]) {
      const err = await rejection(completeSetup(wrong, "root", PASSWORD));
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("forbidden");
    }
    expect(countUsers()).toBe(0);
    expect(fs.existsSync(tokenFile())).toBe(true);
  });

  it("refuses any token when none was issued", async () => {
    const err = await rejection(completeSetup("anything", "root", PASSWORD));
    expect((err as AppError).code).toBe("forbidden");
    expect(countUsers()).toBe(0);
  });

  it("creates the admin with the right token, removes the token file, then refuses a second setup", async () => {
    const token = issueSetupToken();
    const user = await completeSetup(token, "root", PASSWORD);
    expect(user).toMatchObject({ username: "root", role: "admin" });
    expect(listUsers()).toHaveLength(1);
    expect(await verifyPassword(PASSWORD, userByName("root")?.password_hash ?? "")).toBe(true);
    expect(fs.existsSync(tokenFile())).toBe(false);
    expect(store().db.prepare("SELECT 1 FROM meta WHERE key = 'setup_token'").get()).toBeUndefined();

    const again = await rejection(completeSetup(token, "intruder", PASSWORD));
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe("conflict");
    // Even a freshly issued token cannot make a second admin once someone is set up.
    const late = await rejection(completeSetup(issueSetupToken(), "intruder", PASSWORD));
    expect((late as AppError).code).toBe("conflict");
    expect(listUsers().map((u) => u.username)).toEqual(["root"]);
  });

  it("spends no password hash on a wrong token or once set up (checked before hashing)", async () => {
    const token = issueSetupToken();
    vi.mocked(hashPassword).mockClear();
    const wrong = await rejection(completeSetup("not-the-token", "root", PASSWORD));
    expect((wrong as AppError).code).toBe("forbidden");
    expect(hashPassword).not.toHaveBeenCalled();
    await completeSetup(token, "root", PASSWORD);
    expect(hashPassword).toHaveBeenCalledTimes(1);
    const late = await rejection(completeSetup(token, "intruder", PASSWORD));
    expect((late as AppError).code).toBe("conflict");
    expect(hashPassword).toHaveBeenCalledTimes(1);
  });

  it("lets exactly one of ten simultaneous setups with the right token win", async () => {
    const token = issueSetupToken();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => completeSetup(token, `admin${i}`, PASSWORD)),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(AppError);
      // The losers find the admin already made (the check runs before the token's, in the same transaction).
      expect((r.reason as AppError).code).toBe("conflict");
    }
    expect(countUsers()).toBe(1);
    const winner = won[0]?.status === "fulfilled" ? won[0].value : null;
    expect(listUsers()).toEqual([winner]);
  });

  it("accepts only the newest token: issuing another invalidates the earlier one", async () => {
    const old = issueSetupToken();
    const current = issueSetupToken();
    expect(current).not.toBe(old);
    expect(fs.readFileSync(tokenFile(), "utf8").trim()).toBe(current);
    const err = await rejection(completeSetup(old, "root", PASSWORD));
    expect((err as AppError).code).toBe("forbidden");
    expect((await completeSetup(current, "root", PASSWORD)).role).toBe("admin");
  });
});

describe("the admin from the environment", () => {
  it("NETATLAS_ADMIN_PASSWORD creates the admin (default name admin), once", async () => {
    process.env.NETATLAS_ADMIN_PASSWORD = PASSWORD;
    expect(await prepareFirstRun()).toEqual({ state: "admin-from-env", username: "admin" });
    const admin = userByName("admin");
    expect(admin?.role).toBe("admin");
    expect(await verifyPassword(PASSWORD, admin?.password_hash ?? "")).toBe(true);
    expect(fs.existsSync(tokenFile())).toBe(false);
    // The next start finds a user and does nothing more.
    expect(await prepareFirstRun()).toEqual({ state: "ready" });
    expect(countUsers()).toBe(1);
  });

  it("takes the name from NETATLAS_ADMIN_USER", async () => {
    process.env.NETATLAS_ADMIN_PASSWORD = PASSWORD;
    process.env.NETATLAS_ADMIN_USER = "  ops-lead ";
    expect(await prepareFirstRun()).toEqual({ state: "admin-from-env", username: "ops-lead" });
    expect(userByName("ops-lead")?.role).toBe("admin");
  });

  it("makes one admin when several servers start on the folder at once", async () => {
    process.env.NETATLAS_ADMIN_PASSWORD = PASSWORD;
    const results = await Promise.all([prepareFirstRun(), prepareFirstRun(), prepareFirstRun()]);
    for (const r of results) expect(r.state).toBe("admin-from-env");
    expect(countUsers()).toBe(1);
  });

  it("refuses a password shorter than 12 characters with a DataDirError, creating nobody", async () => {
    process.env.NETATLAS_ADMIN_PASSWORD = "short-pass1";
    const err = await rejection(prepareFirstRun());
    expect(err).toBeInstanceOf(DataDirError);
    expect((err as Error).message).toContain("12");
    expect(countUsers()).toBe(0);
  });

  it("reads NETATLAS_ADMIN_PASSWORD_FILE (without its final newline), ahead of NETATLAS_ADMIN_PASSWORD", async () => {
    const file = path.join(dir, "admin-password");
    fs.writeFileSync(file, `${PASSWORD}\n`);
    process.env.NETATLAS_ADMIN_PASSWORD_FILE = file;
    process.env.NETATLAS_ADMIN_PASSWORD = "the other one, not used";
    expect(await prepareFirstRun()).toEqual({ state: "admin-from-env", username: "admin" });
    const hash = userByName("admin")?.password_hash ?? "";
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}\n`, hash)).toBe(false);
  });

  it("refuses a NETATLAS_ADMIN_PASSWORD_FILE that cannot be read, naming it", async () => {
    const file = path.join(dir, "no-such-file");
    process.env.NETATLAS_ADMIN_PASSWORD_FILE = file;
    const err = await rejection(prepareFirstRun());
    expect(err).toBeInstanceOf(DataDirError);
    expect((err as Error).message).toContain(file);
    expect(countUsers()).toBe(0);
  });

  it("refuses a too-short password from the file too", async () => {
    const file = path.join(dir, "admin-password");
    fs.writeFileSync(file, "tiny\n");
    process.env.NETATLAS_ADMIN_PASSWORD_FILE = file;
    expect(await rejection(prepareFirstRun())).toBeInstanceOf(DataDirError);
    expect(countUsers()).toBe(0);
  });
});
