// For the shipped labs' end-to-end tests (lib/labs/labs.integration.test.ts, labs.swarm.test.ts): each step of a
// lab from the library run through the real lab routes (app/api/labs), its events read back, and an engine's
// listings (containers, networks, images) taken without what other suites own, to prove Reset leaves it as before.
import { POST as postReset } from "@/app/api/labs/[id]/reset/route";
import { POST as postCheck } from "@/app/api/labs/[id]/steps/[n]/check/route";
import { POST as postStep } from "@/app/api/labs/[id]/steps/[n]/route";
import { POST as postSolution } from "@/app/api/labs/[id]/steps/[n]/solution/route";
import type { LabCheckResult, LabEvent, LabResetDto } from "@/lib/api/labs";
import { respond } from "@/lib/http/respond";
import {
  type FindLab,
  getLab,
  type LabContext,
  labLeftovers,
  labReset,
  labStep,
  type StepContext,
} from "@/lib/labs/handlers";
import { call } from "./routes";

export type StepAction = "step" | "check" | "solution";

/** What one POST …/steps/{n}[/check|/solution] answered, in short. */
export interface StepRan {
  status: number;
  events: LabEvent[];
  /** The last `done` event's ok (false when there is none). */
  ok: boolean;
  check: LabCheckResult | null;
  /** Each command's end, in order. */
  commands: Array<Extract<LabEvent, { type: "command-done" }> & { line: string }>;
  ms: number;
  /** The answer as text, for assertion messages. */
  text: string;
}

const ROUTES = { step: postStep, check: postCheck, solution: postSolution } as const;

export async function runLabStep(id: string, n: number, action: StepAction): Promise<StepRan> {
  const path = `/api/labs/${id}/steps/${n}${action === "step" ? "" : `/${action}`}`;
  const started = Date.now();
  const answer = await call<unknown>(
    ROUTES[action],
    path,
    { id, n: String(n) },
    { method: "POST", as: "operator", body: {} },
  );
  const ms = Date.now() - started;
  const text = typeof answer.body === "string" ? answer.body : `${JSON.stringify(answer.body)}\n`;
  if (answer.status !== 200) {
    return { status: answer.status, events: [], ok: false, check: null, commands: [], ms, text };
  }
  const events = text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LabEvent);
  const lines = new Map<number, string>();
  const commands: StepRan["commands"] = [];
  let check: LabCheckResult | null = null;
  let ok = false;
  for (const e of events) {
    if (e.type === "command") lines.set(e.index, e.line);
    if (e.type === "command-done") commands.push({ ...e, line: lines.get(e.index) ?? "" });
    if (e.type === "check") check = e.result;
    if (e.type === "done") ok = e.ok;
  }
  return { status: 200, events, ok, check, commands, ms, text };
}

export async function resetLab(id: string): Promise<{ status: number; body: LabResetDto }> {
  const answer = await call<LabResetDto>(
    postReset,
    `/api/labs/${id}/reset`,
    { id },
    { method: "POST", as: "operator", body: {} },
  );
  return { status: answer.status, body: answer.body };
}

export interface EngineListing {
  containers: string[];
  networks: string[];
  images: string[];
}

/**
 * An engine's containers, networks and images by id (images with their tags), leaving out the objects other
 * suites running at the same time make (they carry their own labels: netatlas.test, .probe, .capture, another
 * lab's netatlas.lab).
 */
export function engineListing(on: (args: string[]) => string, labId: string): EngineListing {
  const others = (labels: string) =>
    /(^|,)netatlas\.(test|probe|capture)=/.test(labels) ||
    (/(^|,)netatlas\.lab=/.test(labels) && !labels.includes(`netatlas.lab=${labId}`));
  const list = (args: string[]) =>
    on(args)
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("\t"))
      .filter(([, labels = ""]) => !others(labels))
      .map(([id]) => id as string)
      .sort();
  return {
    containers: list(["ps", "-a", "--no-trunc", "--format", "{{.ID}}\t{{.Labels}}"]),
    networks: list(["network", "ls", "--no-trunc", "--format", "{{.ID}}\t{{.Labels}}"]),
    images: on(["image", "ls", "--no-trunc", "--format", "{{.ID}} {{.Repository}}:{{.Tag}}"])
      .split("\n")
      .filter(Boolean)
      .sort(),
  };
}

/**
 * What `now` holds that `before` did not, kind by kind: what a Reset left behind. On the two swarm hosts this, not
 * equality, is the test: the suites before ours end while the swarm still removes their task containers and the
 * worker's copies of their overlays, so a listing taken at our start may hold objects that go away by themselves
 * a few seconds later (CI once saw it), while nothing of this lab, nor anything new, may stay.
 */
export function leftOver<T extends { [K in keyof T]: string[] }>(
  before: T,
  now: T,
): Record<keyof T, string[]> {
  const out = {} as Record<keyof T, string[]>;
  for (const kind of Object.keys(now) as Array<keyof T>) {
    const had = new Set(before[kind]);
    out[kind] = now[kind].filter((id) => !had.has(id));
  }
  return out;
}

/**
 * The lab routes as app/api/labs wires them, with `find` in place of the lab library: for the runner's own tests,
 * whose hand-made labs are not in the library.
 */
export function labRoutesFor(find: FindLab) {
  const step = (action: StepAction) => (request: Request, context: StepContext) =>
    respond(request, () => labStep(request, context, find, action));
  return {
    step: step("step"),
    check: step("check"),
    solution: step("solution"),
    reset: (request: Request, context: LabContext) =>
      respond(request, () => labReset(request, context, find)),
    objects: (request: Request, context: LabContext) => respond(() => labLeftovers(request, context, find)),
    lab: (request: Request, context: LabContext) => respond(() => getLab(request, context, find)),
  };
}
