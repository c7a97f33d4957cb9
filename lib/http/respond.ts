// Turning results and errors into HTTP answers, so every route handler stays a few lines:
// errors become `{ error: { code, message, detail } }` with the status from the wire contract. An error
// nobody expected is logged with an id and answered with that id only (its text may hold file paths).
// A change (POST, DELETE…) that ends in an error the audit log has not seen yet (a bad body, a bad
// reference, an unknown engine: refused before `audited` ran) is written there as refused.
import "server-only";
import { AppError, logUnexpected } from "@/lib/api/errors";
import { type ApiErrorBody, errorStatus } from "@/lib/api/types";
import { recordAudit } from "@/lib/auth/audit";
import { auditedError, refusalContext } from "@/lib/auth/audit-marks";
import { cut, recordRefusal } from "@/lib/auth/audit-refusals";
import { clientAddress, isMutation } from "@/lib/auth/request";

const NO_STORE = { "Cache-Control": "no-store" };

export function json<T>(data: T, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { ...NO_STORE, ...headers } });
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const body: ApiErrorBody = { error: err.toJSON() };
    const headers: Record<string, string> = { ...NO_STORE };
    if (err.retryAfter !== undefined) headers["Retry-After"] = String(err.retryAfter);
    if (err.code === "unauthenticated") headers["WWW-Authenticate"] = 'Bearer realm="netatlas"';
    return Response.json(body, { status: errorStatus[err.code], headers });
  }
  const id = unexpectedId(err);
  const body: ApiErrorBody = {
    error: {
      code: "engine_error",
      message: `Unexpected server error (error id ${id}); the server log has the details.`,
      detail: null,
    },
  };
  return Response.json(body, { status: 500, headers: NO_STORE });
}

/** One id per unexpected error, however many times it is answered or audited. */
const ids = new WeakMap<object, string>();
function unexpectedId(err: unknown): string {
  if (err && typeof err === "object") {
    const known = ids.get(err);
    if (known) return known;
    const id = logUnexpected(err, "request");
    ids.set(err, id);
    return id;
  }
  return logUnexpected(err, "request");
}

/** Writes a change's error to the audit log unless the guard or `audited` already did. */
function auditUnseen(request: Request, err: unknown): void {
  if (!isMutation(request.method) || auditedError(err)) return;
  const url = new URL(request.url);
  const context = refusalContext(request);
  const who = context?.who ?? { actor: "-", via: "none", address: clientAddress(request) };
  const action = context?.action ?? `${request.method} ${url.pathname}`;
  if (err instanceof AppError) {
    recordRefusal({
      ...who,
      action,
      target: url.pathname,
      result: "denied",
      status: errorStatus[err.code],
      error: [err.message, err.detail].filter(Boolean).join(" | "),
    });
  } else {
    recordAudit({
      ...who,
      action: cut(action, 200),
      target: cut(url.pathname, 200),
      result: "error",
      status: 500,
      error: `unexpected error ${unexpectedId(err)}`,
    });
  }
}

/**
 * Runs a handler body and answers its result as JSON (or the Response it built), or its error as an error
 * body. Handlers of changes pass their request first, so that a refusal before `audited` is audited too.
 */
export async function respond<T>(fn: () => Promise<T | Response>): Promise<Response>;
export async function respond<T>(request: Request, fn: () => Promise<T | Response>): Promise<Response>;
export async function respond<T>(
  first: Request | (() => Promise<T | Response>),
  second?: () => Promise<T | Response>,
): Promise<Response> {
  const request = first instanceof Request ? first : null;
  const fn = (first instanceof Request ? second : first) as () => Promise<T | Response>;
  try {
    const result = await fn();
    return result instanceof Response ? result : json(result);
  } catch (err) {
    if (request) auditUnseen(request, err);
    return errorResponse(err);
  }
}
