// Runs a probe from the browser: POST /api/probes, then the answer's JSON lines as they arrive, one event
// each. A refusal before the probe starts (bad input, 403, 409, 429) is thrown as an ApiError.
import type { ProbeEvent, ProbeRequest } from "@/lib/api/probes";
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

export async function runProbe(
  probe: ProbeRequest,
  onEvent: (event: ProbeEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await fetch("/api/probes", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/x-ndjson" },
    body: JSON.stringify(probe),
    signal,
  });
  if (!response.ok || !response.body) {
    const text = await response.text();
    let body: ApiErrorBody | null = null;
    try {
      body = JSON.parse(text) as ApiErrorBody;
    } catch {
      body = null;
    }
    throw new ApiError(
      response.status,
      body?.error ?? {
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
    for (const line of split(value)) onEvent(JSON.parse(line) as ProbeEvent);
  }
}
