// For tests: a throwaway data folder with one user per role, a session and (for viewer and operator) an
// API token each, and the headers that sign a request in as any of them, the way a browser or script would.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Role } from "@/lib/api/auth";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { createToken } from "@/lib/auth/tokens";
import { insertUser } from "@/lib/auth/users";

/** Who a test request is sent as: a role's session cookie, a role's API token, or nobody. */
export type As = Role | `${"viewer" | "operator"}-token` | "nobody";

export const TEST_ORIGIN = "http://127.0.0.1";
export const TEST_PASSWORD = "correct horse battery staple";

export interface TestIdentities {
  dir: string;
  userIds: Record<Role, number>;
  cookies: Record<Role, string>;
  tokens: Record<"viewer" | "operator", string>;
  /** Headers for a request sent as `as`; changes also get the same-origin Origin and JSON content type. */
  headers(as: As, method?: string): Record<string, string>;
  cleanup(): void;
}

// A precomputed scrypt hash of TEST_PASSWORD keeps test setup fast (hashing costs ~100 ms each).
let hashed: string | null = null;

export async function testIdentities(): Promise<TestIdentities> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-test-data-"));
  process.env.NETATLAS_DATA_DIR = dir;
  if (!hashed) hashed = await (await import("@/lib/auth/passwords")).hashPassword(TEST_PASSWORD);
  const roles: Role[] = ["viewer", "operator", "admin"];
  const userIds = {} as Record<Role, number>;
  const cookies = {} as Record<Role, string>;
  for (const role of roles) {
    userIds[role] = insertUser(`test-${role}`, hashed, role).id;
    cookies[role] = createSession(userIds[role], "127.0.0.1", "vitest").cookie;
  }
  const tokens = {
    viewer: createToken(userIds.viewer, "test viewer", "read").token,
    operator: createToken(userIds.operator, "test operator", "operator").token,
  };
  return {
    dir,
    userIds,
    cookies,
    tokens,
    headers(as, method = "GET") {
      const h: Record<string, string> = {};
      if (as === "viewer-token" || as === "operator-token") {
        h.authorization = `Bearer ${tokens[as === "viewer-token" ? "viewer" : "operator"]}`;
      } else if (as !== "nobody") {
        h.cookie = `${SESSION_COOKIE}=${cookies[as]}`;
      }
      if (!["GET", "HEAD"].includes(method)) {
        h.origin = TEST_ORIGIN;
        h["content-type"] = "application/json";
      }
      return h;
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
