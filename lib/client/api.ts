// The browser's way to call our API: same-origin, JSON in and out, and an ApiError carrying the server's
// { code, message, detail, fields } when the answer is not 2xx.
import type { ApiErrorBody, ApiErrorDetail } from "@/lib/api/types";

export class ApiError extends Error {
  readonly status: number;
  readonly body: ApiErrorDetail;

  constructor(status: number, body: ApiErrorDetail) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? "GET";
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      ...(method === "GET" ? {} : { "Content-Type": "application/json" }),
    },
    body: method === "GET" ? undefined : JSON.stringify(init.body ?? {}),
  });
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data as ApiErrorBody | null)?.error ?? {
      code: "engine_error",
      message: `The server answered ${response.status} ${response.statusText}.`,
      detail: text.slice(0, 500) || null,
    };
    throw new ApiError(response.status, error);
  }
  return data as T;
}

/** Any failure of `api` as an ApiError: fetch itself rejects only when no answer came at all. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, {
    code: "engine_error",
    message: `Netatlas did not answer: ${err instanceof Error ? err.message : String(err)}`,
    detail: null,
  });
}
