// The lab routes' bodies (app/api/labs/**/route.ts stay a few lines: `respond(request, () => labStep(…))`). Each
// takes how to find a lab by id, so the routes use the lab library and tests a lab made by hand; everything else
// is the real path: guard first, the lab
// (404), the step (400), the engines (404 unknown, 409 none fits), the lock (409 busy) — all answered as plain
// JSON before anything runs — then the run, audited (lab.step, lab.check, lab.solution, lab.reset), streamed as
// LabEvent lines.
import "server-only";
import { AppError } from "@/lib/api/errors";
import type { LabDto, LabEvent, LabObjects, LabResetDto, LabSummary, LabsListDto } from "@/lib/api/labs";
import { parseEngineParam } from "@/lib/api/refs";
import { audited } from "@/lib/auth/audit";
import { noteRefusalContext } from "@/lib/auth/audit-marks";
import { auditWho, guard, type Principal } from "@/lib/auth/guard";
import { engineConfigs } from "@/lib/docker/client";
import type { EngineConfig } from "@/lib/docker/config";
import { chargeListing } from "@/lib/http/limits";
import { ndjsonResponse } from "@/lib/http/ndjson";
import { currentTopology } from "@/lib/live/hub";
import { dockerCliPath } from "./cli";
import { enginesOf, runnable } from "./engines";
import { lockLab } from "./locks";
import { labObjects, resetLab } from "./reset";
import {
  type LabRun,
  labEngines,
  parseStepNumber,
  requireCheck,
  requireSolution,
  runStep,
  runStepCheck,
  runStepSolution,
  type Send,
  type StepOutcome,
  StepStopped,
  stepOf,
} from "./runner";

export type FindLab = (id: string) => LabDto;
export type LabContext = { params: Promise<{ id: string }> };
export type StepContext = { params: Promise<{ id: string; n: string }> };

const LAB_ID = /^[a-z0-9-]{2,40}$/;

/** The lab named in the URL: 400 for what cannot be a lab id, 404 (from `find`) for an unknown one. */
function labFrom(find: FindLab, id: string | undefined): LabDto {
  if (!id || !LAB_ID.test(id)) {
    throw new AppError(
      "bad_request",
      `"${String(id).slice(0, 60)}" is not a lab id (2 to 40 of a-z, 0-9 and -).`,
    );
  }
  return find(id);
}

/** GET /api/labs: every lab, whether it can run here (and why not), and the lab files that did not validate. */
export async function listLabs(
  request: Request,
  library: () => { labs: LabDto[]; invalid: LabsListDto["invalid"] },
): Promise<LabsListDto> {
  const who = guard(request, "read");
  const { labs, invalid } = library();
  const configured = engineConfigs();
  let topology = null;
  if (labs.some((l) => l.needs === "swarm")) {
    // The swarm state comes from the live store, or a full listing when it is not live.
    chargeListing(who, "lab list");
    topology = await currentTopology();
  }
  const cli = dockerCliPath() !== null;
  const summaries: LabSummary[] = labs.map((lab) => ({
    id: lab.id,
    title: lab.title,
    summary: lab.summary,
    level: lab.level,
    needs: lab.needs,
    concepts: lab.concepts,
    steps: lab.steps.length,
    ...runnable(lab, configured, topology, cli),
  }));
  return { labs: summaries, invalid };
}

/** GET /api/labs/{id}: the lab, every step with its commands as they will run. */
export async function getLab(request: Request, context: LabContext, find: FindLab): Promise<LabDto> {
  guard(request, "read");
  return labFrom(find, (await context.params).id);
}

type StepAction = "step" | "check" | "solution";

const RUNNERS: Record<
  StepAction,
  (run: LabRun, n: number, send: Send, signal: AbortSignal) => Promise<StepOutcome>
> = {
  step: runStep,
  check: runStepCheck,
  solution: runStepSolution,
};

/** The command lines an action will run, for the audit log. */
function linesOf(lab: LabDto, n: number, action: StepAction): string[] {
  const step = stepOf(lab, n);
  if (action === "step") return step.run.map((c) => c.line);
  if (action === "solution") return step.solution.map((c) => c.line);
  return [];
}

/** POST /api/labs/{id}/steps/{n}[/check|/solution]: LabEvent lines as the step runs. */
export async function labStep(
  request: Request,
  context: StepContext,
  find: FindLab,
  action: StepAction,
): Promise<Response> {
  const auditAction = `lab.${action}`;
  const who = guard(request, "operate", auditAction);
  noteRefusalContext(request, { who: auditWho(who), action: auditAction });
  const params = await context.params;
  const lab = labFrom(find, params.id);
  const n = parseStepNumber(params.n);
  const step = stepOf(lab, n);
  if (action === "check") requireCheck(lab, n);
  if (action === "solution") requireSolution(lab, n);
  const engines = await labEngines(lab, parseEngineParam(request.url));
  const release = lockLab(
    lab.id,
    enginesOf(engines).map((e) => e.id),
    `${action === "step" ? "" : `${action} of `}step ${n}`,
  );
  const run: LabRun = { lab, engines, who };
  const what = {
    ...auditWho(who),
    action: auditAction,
    target: `${engines.manager.id}/${lab.id}#${n}`,
    params: {
      engines: enginesOf(engines).map((e) => e.id),
      commands: linesOf(lab, n, action),
      check: action !== "step" || step.task === null ? (step.check?.says ?? null) : null,
    },
  };
  return ndjsonResponse<LabEvent>(
    request.signal,
    async (send, signal) => {
      try {
        await audited(what, () => RUNNERS[action](run, n, send, signal));
      } catch (err) {
        // The command's end (exit code, Docker's words) and `done` are already sent; the log has the rest.
        if (!(err instanceof StepStopped)) throw err;
      }
    },
    { errorEvent: (error) => ({ type: "error", error }), context: auditAction, cleanup: release },
  );
}

/** The engines Reset and the listing look at: the lab's engines for `?engine=`, else every configured one. */
async function engineScope(lab: LabDto, request: Request): Promise<EngineConfig[]> {
  const requested = parseEngineParam(request.url);
  if (requested === null) return engineConfigs();
  return enginesOf(await labEngines(lab, requested));
}

/** POST /api/labs/{id}/reset[?engine=]: removes what the lab made (LabResetDto). */
export async function labReset(request: Request, context: LabContext, find: FindLab): Promise<LabResetDto> {
  const who = guard(request, "operate", "lab.reset");
  noteRefusalContext(request, { who: auditWho(who), action: "lab.reset" });
  const lab = labFrom(find, (await context.params).id);
  const engines = await engineScope(lab, request);
  const release = lockLab(
    lab.id,
    engines.map((e) => e.id),
    "a reset",
  );
  try {
    return await audited(
      {
        ...auditWho(who),
        action: "lab.reset",
        target: `${engines.map((e) => e.id).join(",")}/${lab.id}`,
        params: { engines: engines.map((e) => e.id), label: `netatlas.lab=${lab.id}` },
      },
      async () => {
        const result = await resetLab(lab.id, engines);
        // Audited as an error when something stayed: the log must not say "ok" for a half-done reset.
        if (result.failed.length) {
          throw new ResetIncomplete(result);
        }
        return result;
      },
    );
  } catch (err) {
    if (err instanceof ResetIncomplete) return err.result;
    throw err;
  } finally {
    release();
  }
}

class ResetIncomplete extends AppError {
  constructor(readonly result: Awaited<ReturnType<typeof resetLab>>) {
    super(
      "engine_error",
      `Reset left ${result.failed.length} object(s).`,
      result.failed.map((f) => `${f.object}: ${f.message}`).join("; "),
    );
  }
}

/** GET /api/labs/{id}/objects[?engine=]: what the lab left on the engines (it lists each: rate-limited). */
export async function labLeftovers(
  request: Request,
  context: LabContext,
  find: FindLab,
): Promise<LabObjects> {
  const who: Principal = guard(request, "read");
  const lab = labFrom(find, (await context.params).id);
  chargeListing(who, "lab objects");
  return labObjects(lab.id, await engineScope(lab, request));
}
