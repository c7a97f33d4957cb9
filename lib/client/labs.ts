// The browser's calls for labs (routes in docs/labs.md): the list, one lab, running a step (a stream of
// LabEvent lines), its check alone, a drill's fix, and Reset. A refusal before anything runs (403, 409 busy,
// 429) is thrown as an ApiError.
import type { LabCheckResult, LabDto, LabEvent, LabObjects, LabResetDto, LabsListDto } from "@/lib/api/labs";
import { api } from "./api";
import { postJsonLines } from "./ndjson";

const base = (id: string) => `/api/labs/${encodeURIComponent(id)}`;
const onEngine = (engine: string | null) => (engine ? `?engine=${encodeURIComponent(engine)}` : "");

export const listLabs = () => api<LabsListDto>("/api/labs");
export const getLab = (id: string) => api<LabDto>(base(id));
export const labObjects = (id: string) => api<LabObjects>(`${base(id)}/objects`);
export const resetLab = (id: string, engine: string | null) =>
  api<LabResetDto>(`${base(id)}/reset${onEngine(engine)}`, { method: "POST" });

/** What "Run step", "Check" and "Run the fix" start: each answers LabEvent lines. */
export type LabAction = "run" | "check" | "solution";

/**
 * Runs step `n` (from 1), its check alone, or its fix, handing each event to `onEvent`. An answer that is one
 * JSON value rather than lines (a check answered as its result) is handed on as the event it stands for.
 */
export function runLabAction(
  id: string,
  n: number,
  action: LabAction,
  engine: string | null,
  onEvent: (event: LabEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const path = `${base(id)}/steps/${n}${action === "run" ? "" : `/${action}`}${onEngine(engine)}`;
  return postJsonLines<LabEvent | LabCheckResult>(
    path,
    {},
    (value) => onEvent("type" in value ? value : { type: "check", result: value }),
    signal,
  );
}
