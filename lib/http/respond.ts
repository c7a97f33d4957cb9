// Turning results and errors into HTTP answers, so every route handler stays a few lines:
// errors become `{ error: { code, message, detail } }` with the status from the wire contract.
import "server-only";
import { AppError } from "@/lib/api/errors";
import { type ApiErrorBody, errorStatus } from "@/lib/api/types";

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
  console.error("netatlas: unexpected error", err);
  const body: ApiErrorBody = {
    error: {
      code: "engine_error",
      message: "Unexpected server error; see the server log.",
      detail: String(err),
    },
  };
  return Response.json(body, { status: 500, headers: NO_STORE });
}

/** Runs a handler body and answers its result as JSON (or the Response it built), or its error as an error body. */
export async function respond<T>(fn: () => Promise<T | Response>): Promise<Response> {
  try {
    const result = await fn();
    return result instanceof Response ? result : json(result);
  } catch (err) {
    return errorResponse(err);
  }
}
