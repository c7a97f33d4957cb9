// The guard for server-rendered pages: the same identification as the API (session cookie, or the anonymous
// viewer), read from the incoming headers. No users yet → /setup; not signed in → /login?next=<page>.
// Middleware may redirect too, but this check is the one that counts (CVE-2025-29927).
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { type Permission, roleAllows } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import type { ApiErrorDetail } from "@/lib/api/types";
import { identify, type Principal } from "./guard";
import { countUsers } from "./users";

async function incoming(): Promise<Request> {
  const h = await headers();
  return new Request("http://netatlas.invalid/", { headers: new Headers(h) });
}

/** Who is looking, or null (nobody, or credentials that no longer hold). Never redirects. */
export async function pagePrincipal(): Promise<Principal | null> {
  try {
    return identify(await incoming());
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

export interface PageAccess {
  principal: Principal;
  /** Set when the person is signed in but their role does not reach `need`: the page shows this instead. */
  denied: ApiErrorDetail | null;
}

/** Call first in every page that shows Netatlas data; `path` is where to come back after signing in. */
export async function requirePage(path: string, need: Permission = "read"): Promise<PageAccess> {
  if (countUsers() === 0) redirect("/setup");
  const principal = await pagePrincipal();
  if (!principal) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (principal.kind === "anonymous" && need !== "read") redirect(`/login?next=${encodeURIComponent(path)}`);
  if (need === "account" && principal.kind !== "session") {
    return {
      principal,
      denied: { code: "forbidden", message: "Only a signed-in person can manage an account.", detail: null },
    };
  }
  if (!roleAllows(principal.role, need)) {
    return {
      principal,
      denied: {
        code: "forbidden",
        message: `This page is for ${need === "admin" ? "admins" : "operators"}; you are signed in as ${principal.user?.username ?? "anonymous"} (${principal.role}).`,
        detail: null,
      },
    };
  }
  return { principal, denied: null };
}
