// For integration tests: call our route handlers as Next would, with a real Request, and read the JSON answer.
import type { As, TestIdentities } from "./auth";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  method?: string;
  /** A value is sent as JSON; a string is sent as is. */
  body?: unknown;
  /** Who the request is sent as (default: a viewer's session). */
  as?: As;
  headers?: Record<string, string>;
  /** Header names to leave out of what `as` would send (e.g. "origin", to forge a request without one). */
  omit?: string[];
}

let identities: TestIdentities | null = null;

/** The identities `call` signs requests with; set once per test file (see testIdentities). */
export function useIdentities(ids: TestIdentities): void {
  identities = ids;
}

export function request(path: string, options: CallOptions = {}): Request {
  const method = options.method ?? "GET";
  const as = options.as ?? "viewer";
  if (!identities && as !== "nobody") throw new Error("call(): useIdentities(await testIdentities()) first");
  const headers = { ...(identities?.headers(as, method) ?? {}), ...(options.headers ?? {}) };
  for (const name of options.omit ?? []) delete headers[name];
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === "string"
        ? options.body
        : JSON.stringify(options.body);
  return new Request(`http://127.0.0.1${path}`, { method, headers, body });
}

export async function call<T>(
  handler: (...args: never[]) => Promise<Response> | Response,
  path: string,
  params: Record<string, string> = {},
  options: CallOptions = {},
): Promise<Answer<T>> {
  const response = await (handler as unknown as Handler)(request(path, options), {
    params: Promise.resolve(params),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (CSV, event stream): keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}
