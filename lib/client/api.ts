// The browser's way to call our API: JSON in, typed errors out (the same error body the routes answer with).
import type { ApiErrorDetail } from "@/lib/api/types";

export class ApiRequestError extends Error {
  readonly status: number;
  readonly error: ApiErrorDetail;
  constructor(status: number, error: ApiErrorDetail) {
    super(error.message);
    this.status = status;
    this.error = error;
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { Accept: "application/json" }, cache: "no-store" });
  } catch (err) {
    throw new ApiRequestError(0, {
      code: "engine_unreachable",
      message: "The Netatlas server did not answer. Is it still running?",
      detail: String(err),
    });
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: ApiErrorDetail }) | null;
  if (!response.ok || body === null) {
    throw new ApiRequestError(
      response.status,
      body?.error ?? { code: "engine_error", message: `HTTP ${response.status} from ${path}`, detail: null },
    );
  }
  return body;
}
