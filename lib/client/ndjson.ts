// POSTs JSON to one of our streaming routes and hands each JSON line of the answer to `onEvent` as it arrives
// (application/x-ndjson: probes, lab steps). A refusal before the stream starts (bad input, 403, 409, 429) is
// thrown as an ApiError with the server's { code, message, detail }.
import type { ApiErrorBody } from "@/lib/api/types";
import { ApiError } from "./api";

/** Splits a text stream into complete lines; what is left after the last newline waits for more. */
export function lineSplitter(): (chunk: string) => string[] {
  let rest = "";
  return (chunk) => {
    rest += chunk;
    const lines = rest.split("\n");
    rest = lines.pop() ?? "";
    return lines.filter((l) => l.trim() !== "");
  };
}

export async function postJsonLines<E>(
  path: string,
  body: unknown,
  onEvent: (event: E) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/x-ndjson" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok || !response.body) {
    const text = await response.text();
    let parsed: ApiErrorBody | null = null;
    try {
      parsed = JSON.parse(text) as ApiErrorBody;
    } catch {
      parsed = null;
    }
    throw new ApiError(
      response.status,
      parsed?.error ?? {
        code: "engine_error",
        message: `The server answered ${response.status} ${response.statusText}.`,
        detail: text.slice(0, 300) || null,
      },
    );
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const split = lineSplitter();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const line of split(value)) onEvent(JSON.parse(line) as E);
  }
}
