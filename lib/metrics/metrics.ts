// The metrics counted as things happen (Docker calls, changes, sign-ins, refusals, probes), kept in one registry
// on globalThis so every route bundle counts into, and GET /api/metrics reads, the same numbers. Callers use
// the observe functions; nothing here reads Docker or the database.
import "server-only";
import { DOCKER_OPERATION_LABELS, dockerOperation } from "./labels";
import { type Counter, type Histogram, Registry } from "./registry";

export interface CountingMetrics {
  registry: Registry;
  dockerCalls: Histogram;
  changes: Counter;
  auth: Counter;
  refusals: Counter;
  probes: Counter;
  /** Distinct audit action labels handed out so far (capped: lib/metrics/labels.ts). */
  actionLabels: Set<string>;
}

const KEY = Symbol.for("netatlas.metrics.registry");
type GlobalWithMetrics = typeof globalThis & { [KEY]?: CountingMetrics };

export function countingMetrics(): CountingMetrics {
  const g = globalThis as GlobalWithMetrics;
  if (g[KEY]) return g[KEY];
  const registry = new Registry();
  g[KEY] = {
    registry,
    dockerCalls: registry.histogram(
      "netatlas_docker_call_duration_seconds",
      "Docker Engine API calls by engine, operation (a fixed set; other for the rest) and result (ok, error: refused, failed or timed out).",
      ["engine", "operation", "result"],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
    changes: registry.counter(
      "netatlas_changes_total",
      "Changes that ran (networks, containers, labs, users, tokens), by audit action and result (ok, error); refused ones are in netatlas_refusals_total.",
      ["action", "result"],
    ),
    auth: registry.counter(
      "netatlas_auth_events_total",
      "Sign-ins, sign-outs, setup and API token use that went through (action auth.login, auth.logout, auth.setup, token.use; result ok or error); refused ones are in netatlas_refusals_total.",
      ["action", "result"],
    ),
    refusals: registry.counter(
      "netatlas_refusals_total",
      "Requests refused before anything ran (no or wrong credentials, role, bad body, rate limits, failed sign-ins), by audit action; those summarised in an audit.refusals entry are counted when it is written.",
      ["action"],
    ),
    probes: registry.counter(
      "netatlas_probes_total",
      "Probes run (POST /api/probes and lab checks), by kind and outcome (ok: got through, failed: did not, error: could not run).",
      ["kind", "outcome"],
    ),
    actionLabels: new Set(),
  };
  return g[KEY];
}

/**
 * One Docker call's duration: engineCall (lib/docker/client.ts) calls this for every call it makes. `action` is
 * engineCall's sentence; it is mapped to a fixed operation label here.
 */
export function observeDockerCall(engine: string, action: string, seconds: number, ok: boolean): void {
  countingMetrics().dockerCalls.observe(
    { engine, operation: dockerOperation(action), result: ok ? "ok" : "error" },
    seconds,
  );
}

export type ProbeOutcome = "ok" | "failed" | "error";

const PROBE_KIND = /^[a-z]{1,16}$/;

export function observeProbe(kind: string, outcome: ProbeOutcome): void {
  countingMetrics().probes.inc({ kind: PROBE_KIND.test(kind) ? kind : "other", outcome });
}

/** For the docs and tests: every operation label observeDockerCall can give. */
export const DOCKER_OPERATIONS = DOCKER_OPERATION_LABELS;
