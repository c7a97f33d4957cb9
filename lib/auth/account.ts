// Signing in and out, first-run setup, and what a principal may do, as the routes answer it. Every attempt
// is audited; failed ones count against the client's address (429 after too many).
import "server-only";
import type { SessionInfoDto, UserDto } from "@/lib/api/auth";
import { AppError } from "@/lib/api/errors";
import { recordAudit } from "./audit";
import { markAudited } from "./audit-marks";
import { recordRefusal } from "./audit-refusals";
import type { Principal } from "./guard";
import { verifyNobody, verifyPassword } from "./passwords";
import { type LoginAttempt, LoginLimited, reserveLoginAttempt } from "./rate-limit";
import { clientAddress, isHttps } from "./request";
import { clearedSessionCookie, createSession, endSession, sessionCookie } from "./sessions";
import { readOnly } from "./settings";
import { completeSetup } from "./setup";
import { type UserRow, userByName } from "./users";

export function sessionInfo(p: Principal): SessionInfoDto {
  const canOperate = !readOnly() && (p.role === "operator" || p.role === "admin") && p.kind !== "anonymous";
  return {
    user: p.user ? { id: p.user.id, username: p.user.username, role: p.user.role } : null,
    via: p.kind,
    role: p.role,
    readOnly: readOnly(),
    can: { operate: canOperate, admin: p.role === "admin" && p.kind === "session" },
    expiresAt: p.expiresAt === null ? null : new Date(p.expiresAt).toISOString(),
  };
}

export interface SignedIn {
  user: UserDto | { id: number; username: string; role: string };
  setCookie: string;
}

function startSession(request: Request, userId: number): string {
  const { cookie, expiresAt } = createSession(
    userId,
    clientAddress(request),
    request.headers.get("user-agent") ?? "",
  );
  return sessionCookie(cookie, expiresAt, isHttps(request));
}

/** Reserves an attempt, or audits the 429 (within the refusal caps) and throws it. */
function reserve(
  request: Request,
  action: "auth.login" | "auth.setup",
  username: string,
  account: string | undefined,
): LoginAttempt {
  const address = clientAddress(request);
  try {
    return reserveLoginAttempt({ address, account });
  } catch (err) {
    if (err instanceof LoginLimited) {
      recordRefusal({
        actor: username,
        via: action === "auth.login" ? "password" : "setup",
        address,
        action,
        target: `user ${username}`,
        params: { limitedBy: err.by },
        result: "denied",
        status: 429,
        error: err.message,
      });
      markAudited(err);
    }
    throw err;
  }
}

export async function signIn(request: Request, username: string, password: string): Promise<SignedIn> {
  const address = clientAddress(request);
  const attempt = reserve(request, "auth.login", username, username);
  const user = userByName(username);
  const ok = user ? await verifyPassword(password, user.password_hash) : await verifyNobody(password);
  if (!user || !ok) {
    attempt.failed();
    recordRefusal({
      actor: username,
      via: "password",
      address,
      action: "auth.login",
      target: `user ${username}`,
      result: "denied",
      status: 401,
      error: user ? "wrong password" : "no such user",
    });
    const refused = new AppError("unauthenticated", "The user name or password is not right.");
    markAudited(refused);
    throw refused;
  }
  attempt.succeeded();
  recordAudit({
    actor: user.username,
    via: "password",
    address,
    action: "auth.login",
    target: `user ${user.username}`,
    result: "ok",
    status: 200,
  });
  return {
    user: { id: user.id, username: user.username, role: user.role },
    setCookie: startSession(request, user.id),
  };
}

/**
 * Checks a signed-in person's password again before a sensitive change (a new password, an operator token).
 * Wrong answers count against the same limits as sign-ins (per address and account), so this is no way
 * around them; a wrong one is 403.
 */
export async function confirmPassword(request: Request, user: UserRow, current: string): Promise<void> {
  const attempt = reserveLoginAttempt({ address: clientAddress(request), account: user.username });
  if (await verifyPassword(current, user.password_hash)) {
    attempt.succeeded();
    return;
  }
  attempt.failed();
  throw new AppError("forbidden", "The current password is not right.");
}

export function signOut(request: Request, p: Principal): string {
  if (p.sessionId) endSession(p.sessionId);
  recordAudit({
    actor: p.user?.username ?? "-",
    via: p.kind,
    address: p.address,
    action: "auth.logout",
    target: `user ${p.user?.username ?? "-"}`,
    result: "ok",
    status: 200,
  });
  return clearedSessionCookie(isHttps(request));
}

export async function setUp(
  request: Request,
  token: string,
  username: string,
  password: string,
): Promise<SignedIn> {
  const address = clientAddress(request);
  const attempt = reserve(request, "auth.setup", username, undefined);
  try {
    const user = await completeSetup(token, username, password);
    attempt.succeeded();
    recordAudit({
      actor: user.username,
      via: "setup",
      address,
      action: "auth.setup",
      target: `user ${user.username}`,
      params: { username, role: "admin" },
      result: "ok",
      status: 201,
    });
    return { user, setCookie: startSession(request, user.id) };
  } catch (err) {
    // A wrong token counts against the limit; "already set up" does not (it costs nothing now).
    if (err instanceof AppError && err.code === "forbidden") attempt.failed();
    else attempt.succeeded();
    recordRefusal({
      actor: username,
      via: "setup",
      address,
      action: "auth.setup",
      target: `user ${username}`,
      params: { username },
      result: "denied",
      status: err instanceof AppError && err.code === "conflict" ? 409 : 403,
      error: (err as Error).message,
    });
    markAudited(err);
    throw err;
  }
}
