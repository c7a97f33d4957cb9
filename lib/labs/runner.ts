// Running a lab step on a real engine: its commands in order with the docker CLI (lib/labs/cli.ts), each one's
// start, output lines and end sent as LabEvents; the first that fails unexpectedly stops the step (its exit code
// and Docker's own message in `command-done`). A drill command (`expectFailure`) must fail with that text in
// Docker's message, and the step goes on. Then the check: real probes (lib/probe prepareProbe + runProbe) from
// the named container, judged by lib/labs/check.ts. Also: only the check (after a student's fix), and the
// solution's commands then the check.
import "server-only";
import { AppError } from "@/lib/api/errors";
import type { LabCheck, LabCheckResult, LabCommand, LabDto, LabEvent, LabStep } from "@/lib/api/labs";
import type { ProbeRequest } from "@/lib/api/probes";
import type { Principal } from "@/lib/auth/guard";
import { engineConfigs } from "@/lib/docker/client";
import type { EngineConfig } from "@/lib/docker/config";
import { inspectProbeContainer } from "@/lib/docker/probe-helper";
import { currentTopology } from "@/lib/live/hub";
import { prepareProbe, runProbe } from "@/lib/probe/probe";
import { evaluateCheck, judgeCommand, type ProbeOutcome } from "./check";
import { runDocker } from "./cli";
import { chooseEngines, type LabEngines } from "./engines";

export type Send = (event: LabEvent) => void;

/** A run's context: the lab, the engines it runs on, and who runs it (the probes count against them). */
export interface LabRun {
  lab: LabDto;
  engines: LabEngines;
  who: Principal;
}

/** The engines `lab` runs on for this request: see lib/labs/engines.ts. */
export async function labEngines(lab: Pick<LabDto, "needs">, requested: string | null): Promise<LabEngines> {
  const topology = lab.needs === "swarm" ? await currentTopology() : null;
  return chooseEngines(lab.needs, engineConfigs(), topology, requested);
}

/** Step `n` (from 1) of `lab`, or 400 saying how many it has. */
export function stepOf(lab: LabDto, n: number): LabStep {
  const step = Number.isInteger(n) ? lab.steps[n - 1] : undefined;
  if (!step) {
    throw new AppError(
      "bad_request",
      `Lab ${lab.id} has ${lab.steps.length} steps (1 to ${lab.steps.length}): there is no step ${n}.`,
    );
  }
  return step;
}

/** A step number from a URL: a whole number from 1, or 400. */
export function parseStepNumber(raw: string | undefined): number {
  if (!raw || !/^[1-9][0-9]{0,2}$/.test(raw)) {
    throw new AppError("bad_request", `"${String(raw).slice(0, 20)}" is not a step number (1, 2, 3…).`);
  }
  return Number(raw);
}

function engineFor(run: LabRun, command: LabCommand): EngineConfig {
  if (command.on === "worker") {
    if (!run.engines.worker) {
      throw new AppError("conflict", "This command runs on a swarm worker, and the lab has none to run on.");
    }
    return run.engines.worker;
  }
  return run.engines.manager;
}

export interface CommandsOutcome {
  ok: boolean;
  /** The first command that did not end as expected (its index and note), if any. */
  failed: { index: number; line: string; exitCode: number; note: string } | null;
}

/** Runs `commands` in order, streaming each; stops at the first that does not end as the lab expects. */
export async function runCommands(
  run: LabRun,
  commands: LabCommand[],
  send: Send,
  signal: AbortSignal,
): Promise<CommandsOutcome> {
  for (const [index, command] of commands.entries()) {
    const engine = engineFor(run, command);
    send({ type: "command", index, line: command.line, engine: engine.id });
    const result = await runDocker(engine, command.argv, {
      signal,
      onLine: (text) => send({ type: "output", index, text }),
    });
    const judged = judgeCommand(command, result);
    send({ type: "command-done", index, exitCode: result.exitCode, ok: judged.ok, note: judged.note });
    if (!judged.ok) {
      return {
        ok: false,
        failed: { index, line: command.line, exitCode: result.exitCode, note: judged.note ?? "" },
      };
    }
  }
  return { ok: true, failed: null };
}

/** The probe request of a check (one run of it). */
export function probeRequestOf(check: LabCheck): ProbeRequest {
  const { kind, from, target, port, path } = check.probe;
  const request: ProbeRequest = { kind, container: from, target };
  if (port !== null) request.port = port;
  if (kind === "http" && path !== null) request.path = path;
  return request;
}

/**
 * Runs the check's probe `repeat` times, one after the other (each takes and gives back a probe slot of `who`),
 * from the `from` container: on the manager's engine, or the worker's when it is there (swarm labs).
 */
export async function runCheck(
  run: LabRun,
  check: LabCheck,
  signal: AbortSignal,
  onLine: (text: string) => void = () => undefined,
): Promise<LabCheckResult> {
  const request = probeRequestOf(check);
  const engine = await engineOfContainer(run, check.probe.from);
  const outcomes: ProbeOutcome[] = [];
  let command = "";
  for (let i = 0; i < check.repeat; i++) {
    const prepared = await prepareProbe(engine, request, run.who);
    try {
      command ||= prepared.command;
      const result = await runProbe(prepared, onLine, signal);
      outcomes.push({ ok: result.ok, summary: result.summary, details: result.details });
    } finally {
      prepared.release();
    }
  }
  return evaluateCheck(check, outcomes, command);
}

/** Which of the lab's engines has the container: a check's `from` may live on the swarm worker. */
async function engineOfContainer(run: LabRun, name: string): Promise<EngineConfig> {
  const { manager, worker } = run.engines;
  if (!worker) return manager;
  try {
    await inspectProbeContainer(manager, name);
    return manager;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "not_found") throw err;
    return worker;
  }
}

/** A check that cannot run because its container is not there: say what to do. */
function explainCheckError(err: unknown, check: LabCheck, run: LabRun): unknown {
  if (err instanceof AppError && err.code === "not_found") {
    return new AppError(
      "conflict",
      `The check runs in container ${check.probe.from}, which is not on engine ${run.engines.manager.id}${run.engines.worker ? ` or ${run.engines.worker.id}` : ""}: run the lab's steps before it (or Reset and start again).`,
      err.detail ?? err.message,
      { engine: run.engines.manager.id },
    );
  }
  return err;
}

async function checkEvent(run: LabRun, check: LabCheck, send: Send, signal: AbortSignal): Promise<boolean> {
  try {
    const result = await runCheck(run, check, signal);
    send({ type: "check", result });
    return result.passed;
  } catch (err) {
    throw explainCheckError(err, check, run);
  }
}

/** Thrown (inside `audited`, so the log says how it ended) when a command stopped the step; not sent again. */
export class StepStopped extends AppError {
  constructor(failed: NonNullable<CommandsOutcome["failed"]>) {
    super(
      "engine_error",
      `Command ${failed.index + 1} stopped the step (exit code ${failed.exitCode}): ${failed.line}`,
      failed.note,
    );
  }
}

export interface StepOutcome {
  ok: boolean;
  ms: number;
}

/**
 * "Run step": its commands, then its check, then `done`. A drill step (one with a `task`) is not checked here:
 * its check proves the student's fix, which comes after (POST …/check).
 */
export async function runStep(run: LabRun, n: number, send: Send, signal: AbortSignal): Promise<StepOutcome> {
  const started = Date.now();
  const step = stepOf(run.lab, n);
  const commands = await runCommands(run, step.run, send, signal);
  let ok = commands.ok;
  if (ok && step.check && step.task === null) ok = await checkEvent(run, step.check, send, signal);
  const ms = Date.now() - started;
  send({ type: "done", ok, ms });
  if (commands.failed) throw new StepStopped(commands.failed);
  return { ok, ms };
}

/** "Check": only the step's check (400 when it has none). */
export async function runStepCheck(
  run: LabRun,
  n: number,
  send: Send,
  signal: AbortSignal,
): Promise<StepOutcome> {
  const started = Date.now();
  const check = requireCheck(run.lab, n);
  const ok = await checkEvent(run, check, send, signal);
  const ms = Date.now() - started;
  send({ type: "done", ok, ms });
  return { ok, ms };
}

/** "Show the fix" → run it: the step's solution commands, then its check (400 when it has no solution). */
export async function runStepSolution(
  run: LabRun,
  n: number,
  send: Send,
  signal: AbortSignal,
): Promise<StepOutcome> {
  const started = Date.now();
  const step = requireSolution(run.lab, n);
  const commands = await runCommands(run, step.solution, send, signal);
  let ok = commands.ok;
  if (ok && step.check) ok = await checkEvent(run, step.check, send, signal);
  const ms = Date.now() - started;
  send({ type: "done", ok, ms });
  if (commands.failed) throw new StepStopped(commands.failed);
  return { ok, ms };
}

export function requireCheck(lab: LabDto, n: number): LabCheck {
  const step = stepOf(lab, n);
  if (!step.check) throw new AppError("bad_request", `Step ${n} of lab ${lab.id} has no check.`);
  return step.check;
}

export function requireSolution(lab: LabDto, n: number): LabStep {
  const step = stepOf(lab, n);
  if (step.solution.length === 0) {
    throw new AppError("bad_request", `Step ${n} of lab ${lab.id} has no solution to run.`);
  }
  return step;
}
