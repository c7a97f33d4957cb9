// First run. With no users, the server makes a one-time setup token, prints the /setup link with it, and
// writes it to <data>/setup-token; /setup with that token creates the first admin, in one immediate
// transaction, so of two setups at once exactly one wins. NETATLAS_ADMIN_PASSWORD (or _FILE) creates the
// admin without a person, for automation.
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { UserDto } from "@/lib/api/auth";
import { PASSWORD_MIN } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { DataDirError, store } from "./db";
import { hashPassword } from "./passwords";
import { countUsers, insertUser } from "./users";

const digest = (token: string) => createHash("sha256").update(token).digest();

function tokenFile(): string {
  return path.join(store().dir, "setup-token");
}

function meta(key: string): string | undefined {
  return (
    store().db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined
  )?.value;
}

/** Makes (and stores the hash of) a new setup token; earlier ones stop working. */
export function issueSetupToken(): string {
  const token = randomBytes(24).toString("base64url");
  store()
    .db.prepare(
      "INSERT INTO meta (key, value) VALUES ('setup_token', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .run(digest(token).toString("hex"));
  fs.writeFileSync(tokenFile(), `${token}\n`, { mode: 0o600 });
  return token;
}

function adminPasswordFromEnv(): string | null {
  const file = process.env.NETATLAS_ADMIN_PASSWORD_FILE?.trim();
  if (file) {
    try {
      return fs.readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      throw new DataDirError(
        `NETATLAS_ADMIN_PASSWORD_FILE ${file} cannot be read: ${(err as Error).message}`,
      );
    }
  }
  return process.env.NETATLAS_ADMIN_PASSWORD ?? null;
}

export type FirstRun =
  | { state: "ready" }
  | { state: "admin-from-env"; username: string }
  | { state: "needs-setup"; token: string };

/** At start: nothing to do, the admin created from the environment, or a fresh setup token to print. */
export async function prepareFirstRun(): Promise<FirstRun> {
  if (countUsers() > 0) {
    fs.rmSync(tokenFile(), { force: true });
    return { state: "ready" };
  }
  const password = adminPasswordFromEnv();
  if (password !== null) {
    if (password.length < PASSWORD_MIN) {
      throw new DataDirError(`NETATLAS_ADMIN_PASSWORD must have at least ${PASSWORD_MIN} characters.`);
    }
    const username = process.env.NETATLAS_ADMIN_USER?.trim() || "admin";
    const hash = await hashPassword(password);
    // Several servers may start on one folder at once: only the first creates the admin.
    store()
      .db.transaction(() => {
        if (countUsers() === 0) insertUser(username, hash, "admin");
      })
      .immediate();
    return { state: "admin-from-env", username };
  }
  return { state: "needs-setup", token: issueSetupToken() };
}

export function setupPending(): boolean {
  return countUsers() === 0;
}

/** Throws the answer for a setup that cannot succeed: already set up (409), or not the current token (403). */
function checkSetupAllowed(token: string): void {
  if (countUsers() > 0) throw new AppError("conflict", "Netatlas is already set up; sign in instead.");
  const stored = meta("setup_token");
  const given = digest(token);
  if (!stored || !timingSafeEqual(Buffer.from(stored, "hex"), given)) {
    throw new AppError("forbidden", "The setup token is not valid. Use the link printed in the server log.");
  }
}

/**
 * Creates the first admin if the token is the current one and nobody has done it yet. Both are checked
 * before the password is hashed (slow, async: nobody gets a hash for free once setup is done or with a wrong
 * token), and again with the insert in one immediate transaction, so of two setups at once exactly one wins.
 */
export async function completeSetup(token: string, username: string, password: string): Promise<UserDto> {
  checkSetupAllowed(token);
  const hash = await hashPassword(password);
  const db = store().db;
  const user = db
    .transaction(() => {
      checkSetupAllowed(token);
      db.prepare("DELETE FROM meta WHERE key = 'setup_token'").run();
      return insertUser(username, hash, "admin");
    })
    .immediate();
  fs.rmSync(tokenFile(), { force: true });
  return user;
}
