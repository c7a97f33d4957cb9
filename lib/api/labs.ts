// The wire contract of labs: short lessons on a real engine (docs/labs.md). A lab is a data file (YAML, one per
// lab, lib/labs/library/<id>.yaml, checked by lib/labs/format.ts); each step has narration, the docker commands it
// runs (shown before they run, copyable), the map elements to focus afterwards, and a check that proves the point
// with a real probe. Running a step, checking it and resetting the lab are operator actions, audited. Pure: shared
// by the server, the client and tests.
import type { ApiErrorDetail } from "./types";

/** The label every object a lab makes carries (its value: the lab's id); Reset removes exactly these. */
export const LAB_LABEL = "netatlas.lab";

/** What a lab needs: one engine, or a swarm manager with a worker (the two lab hosts). */
export type LabNeeds = "one-engine" | "swarm";

/** One docker command of a step, as shown and as run (argv without the leading "docker"). */
export interface LabCommand {
  /** The command line, exactly as a person would type it (every word shell-quoted as needed). */
  line: string;
  /** Its words after `docker`, as run (the lab label is added to what creates objects; `line` shows it too). */
  argv: string[];
  /**
   * When the command is meant to fail (a drill: "port already taken"): a piece of Docker's message that must be
   * in its error output. The step goes on when it fails with that message, and stops when it succeeds.
   */
  expectFailure: string | null;
  /** Which engine of a swarm lab runs it: the manager (default) or the worker. */
  on: "manager" | "worker";
}

export const LAB_PROBE_KINDS = ["ping", "tcp", "http", "dns"] as const;
export type LabProbeKind = (typeof LAB_PROBE_KINDS)[number];

/** A check: a real probe, and what its result must be for the step's point to hold. */
export interface LabCheck {
  /** The claim in plain words, shown with the result ("`ping web` fails here: the default bridge has no DNS"). */
  says: string;
  probe: {
    kind: LabProbeKind;
    /** The container the probe runs in (its name, as the lab's commands gave it). */
    from: string;
    /** An address or a name. */
    target: string;
    port: number | null;
    /** http: the path (default "/"). */
    path: string | null;
  };
  /** "ok": the packets get through (ping replies, TCP open, an HTTP answer, DNS answers); "fail": they do not. */
  expect: "ok" | "fail";
  /** Run the probe this many times (1 to 10; round-robin and load balancing need several). */
  repeat: number;
  /** With repeat: at least this many different answers seen (HTTP bodies; DNS first answers). */
  distinct: number | null;
  /** dns: exactly this many addresses in the answer. */
  answers: number | null;
  /** http: the body holds this text; dns: an answer equals it. */
  contains: string | null;
}

export interface LabStep {
  title: string;
  /** A few sentences: the concept in plain words (Markdown-lite: `code` and blank-line paragraphs). */
  narration: string;
  /** Run by "Run step", in order; the first that fails unexpectedly stops the step. */
  run: LabCommand[];
  /** Drills: what the student must do by hand (the step has no `run`, or sets up the break). */
  task: string | null;
  /** Drills: the fix, shown on demand and runnable by an operator ("Show the fix"). */
  solution: LabCommand[];
  /** Map elements to focus afterwards: "container:<name>", "network:<name>", "service:<name>". */
  focus: string[];
  check: LabCheck | null;
}

export interface LabDto {
  id: string;
  title: string;
  summary: string;
  level: "beginner" | "intermediate" | "advanced";
  needs: LabNeeds;
  /** Concepts it shows (ids of lib/concepts), linked from their "what is this" cards. */
  concepts: string[];
  /** Images its commands use (after the configured names are substituted). */
  images: string[];
  steps: LabStep[];
}

export interface LabSummary {
  id: string;
  title: string;
  summary: string;
  level: LabDto["level"];
  needs: LabNeeds;
  concepts: string[];
  steps: number;
  /** False when this server cannot run it (no swarm manager with a worker, no docker CLI…): `why` says. */
  runnable: boolean;
  why: string | null;
}

/** What a lab left on its engines, by kind (what Reset would remove). */
export interface LabObjects {
  containers: string[];
  services: string[];
  networks: string[];
}

/** GET /api/labs */
export interface LabsListDto {
  labs: LabSummary[];
  /** Lab files that did not validate: each with its errors (they name the line). */
  invalid: Array<{ file: string; errors: string[] }>;
}

/** One check's outcome. */
export interface LabCheckResult {
  /** The claim held: every probe's outcome matched `expect`, and distinct/answers/contains hold. */
  passed: boolean;
  says: string;
  /** In words: what the probes saw ("3 of 3 pings answered", "4 different bodies in 6 requests"). */
  saw: string;
  /** The equivalent docker command of one probe (copyable). */
  command: string;
  /** Each probe's own summary. */
  probes: Array<{ ok: boolean; summary: string }>;
}

/**
 * POST /api/labs/{id}/steps/{n} (n from 1) answers a stream of JSON lines, one LabEvent each: each command as it
 * starts, its output lines, how it ended, then the check's result (when the step has one), then `done`.
 * POST /api/labs/{id}/steps/{n}/check runs only the check (drills: after the student's fix);
 * POST /api/labs/{id}/steps/{n}/solution runs the step's solution commands and then its check.
 */
export type LabEvent =
  | { type: "command"; index: number; line: string; engine: string }
  | { type: "output"; index: number; text: string }
  | { type: "command-done"; index: number; exitCode: number; ok: boolean; note: string | null }
  | { type: "check"; result: LabCheckResult }
  | { type: "done"; ok: boolean; ms: number }
  | { type: "error"; error: ApiErrorDetail };

/** POST /api/labs/{id}/reset: what was removed (and what could not be, with Docker's words). */
export interface LabResetDto {
  removed: LabObjects;
  failed: Array<{ object: string; message: string }>;
  ms: number;
}
