// The one check every route handler calls first: who is asking (API token, session cookie, or the anonymous
// viewer when switched on), may they do this (role, read-only mode), and for changes, does the request come
// from our own pages (origin, JSON). Refused changes are written to the audit log.
import "server-only";
import {
  lowerRole,
  type Permission,
  type PrincipalKind,
  type Role,
  roleAllows,
  SCOPE_ROLE,
  type TokenScope,
} from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { errorStatus } from "@/lib/api/types";
import { checkHost } from "./allowed-hosts";
import { recordAudit } from "./audit";
import { markAudited, noteRefusalContext } from "./audit-marks";
import { recordRefusal } from "./audit-refusals";
import {
  checkJsonContentType,
  checkMutationOrigin,
  clientAddress,
  isMutation,
  refuseInternalHeaders,
  warnPlainBehindHttps,
} from "./request";
import { readSession, SESSION_COOKIE, sessionAlive } from "./sessions";
import { anonymousViewer, readOnly } from "./settings";
import { readToken, tokenAlive, touchToken } from "./tokens";
import { countUsers, type UserRow, userById } from "./users";

export interface Principal {
  kind: PrincipalKind;
  user: UserRow | null;
  /** The role that applies: the user's, capped by a token's scope; viewer for the anonymous viewer. */
  role: Role;
  sessionId: string | null;
  tokenId: number | null;
  /** Session expiry, epoch ms. */
  expiresAt: number | null;
  address: string;
  /** A token's scope; null for sessions and the anonymous viewer. */
  scope?: TokenScope | null;
}

const WHAT: Record<Permission, string> = {
  read: "see this",
  operate: "change networks and containers",
  admin: "manage users and engines and see the audit log",
  audit: "read the audit log",
  account: "manage an account",
};

export function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function notSignedIn(): AppError {
  if (countUsers() === 0) {
    return new AppError(
      "unauthenticated",
      "Netatlas is not set up yet: open /setup with the setup link printed in the server log.",
    );
  }
  return new AppError(
    "unauthenticated",
    "Sign in first (or send an API token: Authorization: Bearer nat_…).",
  );
}

/** Who sent the request, without judging what they may do; null when nobody could be identified. */
export function identify(request: Request): Principal | null {
  const address = clientAddress(request);
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const found = match?.[1] ? readToken(match[1]) : null;
    if (!found) throw new AppError("unauthenticated", "The API token is unknown, malformed or revoked.");
    if (touchToken(found.token)) {
      recordAudit({
        actor: found.user.username,
        via: `token:${found.token.name}`,
        address,
        action: "token.use",
        target: `token ${found.token.prefix}…`,
        params: { method: request.method, path: new URL(request.url).pathname },
        result: "ok",
        status: 200,
      });
    }
    return {
      kind: "token",
      user: found.user,
      role: lowerRole(found.user.role, SCOPE_ROLE[found.token.scope]),
      scope: found.token.scope,
      sessionId: null,
      tokenId: found.token.id,
      expiresAt: null,
      address,
    };
  }
  const cookie = cookieValue(request.headers.get("cookie"), SESSION_COOKIE);
  if (cookie !== undefined) {
    const found = readSession(cookie);
    if (!found)
      throw new AppError(
        "unauthenticated",
        "Your session has ended or its cookie is not valid; sign in again.",
      );
    return {
      kind: "session",
      user: found.user,
      role: found.user.role,
      sessionId: found.session.id,
      tokenId: null,
      expiresAt: found.session.expires_at,
      address,
    };
  }
  if (anonymousViewer()) {
    return {
      kind: "anonymous",
      user: null,
      role: "viewer",
      sessionId: null,
      tokenId: null,
      expiresAt: null,
      address,
    };
  }
  return null;
}

export function actorOf(p: Principal | null): { actor: string; via: string } {
  if (!p) return { actor: "-", via: "none" };
  if (p.kind === "anonymous") return { actor: "anonymous", via: "anonymous" };
  return { actor: p.user?.username ?? "-", via: p.kind };
}

/** The checks on the request itself: no internal header, a Host we answer to; a change is same-origin JSON. */
function checkRequest(request: Request, ambient: boolean): void {
  refuseInternalHeaders(request);
  checkHost(request);
  warnPlainBehindHttps(request);
  if (isMutation(request.method)) {
    checkMutationOrigin(request, ambient);
    checkJsonContentType(request);
  }
}

function judge(request: Request, need: Permission): Principal {
  checkRequest(request, !request.headers.has("authorization"));
  const principal = identify(request);
  if (!principal) throw notSignedIn();
  if (need === "account" && principal.kind !== "session") {
    throw new AppError(
      "forbidden",
      "Only a signed-in person can manage an account (not an API token or the anonymous viewer).",
    );
  }
  if (principal.kind === "anonymous" && need !== "read") throw notSignedIn();
  if (!roleAllows(principal.role, need) && !auditToken(principal, principal.user?.role, need)) {
    const as =
      principal.kind === "token" ? `this token (${principal.role})` : `your role (${principal.role})`;
    throw new AppError("forbidden", `Not allowed: ${as} may not ${WHAT[need]}.`);
  }
  if (need === "operate" && readOnly()) {
    throw new AppError(
      "read_only",
      "Netatlas runs read-only (NETATLAS_READ_ONLY): no changes are made for anyone.",
    );
  }
  return principal;
}

/**
 * Authorizes the request or throws the AppError to answer (401, 403, 415, 400). `action` names a refused
 * change in the audit log (default: method and path).
 */
export function guard(request: Request, need: Permission, action?: string): Principal {
  try {
    const principal = judge(request, need);
    if (isMutation(request.method)) {
      noteRefusalContext(request, {
        who: auditWho(principal),
        action: action ?? `${request.method} ${new URL(request.url).pathname}`,
      });
    }
    return principal;
  } catch (err) {
    if (isMutation(request.method) && err instanceof AppError) {
      let who: Principal | null = null;
      try {
        who = identify(request);
      } catch {
        who = null;
      }
      recordRefusal({
        ...actorOf(who),
        address: clientAddress(request),
        action: action ?? `${request.method} ${new URL(request.url).pathname}`,
        target: new URL(request.url).pathname,
        result: "denied",
        status: errorStatus[err.code],
        error: err.message,
      });
      markAudited(err);
    }
    throw err;
  }
}

/** Whether an open connection's credentials still hold (checked by event streams after any revocation). */
export function stillValid(p: Principal, need: Permission): boolean {
  if (p.kind === "anonymous") return anonymousViewer();
  if (p.kind === "session" && (!p.sessionId || !sessionAlive(p.sessionId))) return false;
  if (p.kind === "token" && (p.tokenId === null || !tokenAlive(p.tokenId))) return false;
  const user = p.user ? userById(p.user.id) : undefined;
  if (!user) return false;
  // A token's scope still caps the (possibly changed) role of its owner.
  const role = p.kind === "token" ? lowerRole(user.role, p.role) : user.role;
  return roleAllows(role, need) || auditToken(p, user.role, need);
}

/** An admin's "audit" token reads the audit log; the same token of someone no longer admin does not. */
function auditToken(p: Principal, ownerRole: Role | undefined, need: Permission): boolean {
  return need === "audit" && p.kind === "token" && p.scope === "audit" && ownerRole === "admin";
}

/** The who-and-where part of an audit entry for this principal. */
export function auditWho(p: Principal): { actor: string; via: string; address: string } {
  return { ...actorOf(p), address: p.address };
}

/**
 * The checks for the two changes made before anyone is signed in (setup, login): no credentials to check,
 * but the same origin, JSON and header rules as every other change.
 */
export function guardPublicChange(request: Request): void {
  checkRequest(request, true);
}
