// The pure part of scripts/test-summary.mjs: reading the stage list scripts/test.sh writes, counting one
// Vitest or Playwright JSON report, and putting both into the closing table. Typed by test-summary.d.mts and
// tested by lib/testing/test-summary.test.ts.

/** Every outcome a stage can have in the stage file. "not run" and "skipped" stages ran nothing. */
export const OUTCOMES = ["passed", "failed", "not run", "skipped"];

/**
 * The stage file: one line per stage, tab-separated `name, outcome, seconds, report, note`; report is the JSON
 * report's path (may be empty), note says why a stage failed or did not run.
 */
export function parseStages(text) {
  const stages = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const [name = "", outcome = "", seconds = "", report = "", ...note] = line.split("\t");
    stages.push({
      name,
      outcome: OUTCOMES.includes(outcome) ? outcome : "failed",
      seconds: Number(seconds) || 0,
      report: report || null,
      note: OUTCOMES.includes(outcome) ? note.join("\t") : `unknown outcome "${outcome}" in the stage file`,
    });
  }
  return stages;
}

function playwrightFailures(suites, path = []) {
  const names = [];
  for (const suite of suites ?? []) {
    const here = suite.title ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? [])
      if (spec.ok === false) names.push([...here, spec.title].join(" > "));
    names.push(...playwrightFailures(suite.suites, here));
  }
  return names;
}

/** Counts one report: Vitest (numPassedTests...) or Playwright (stats.expected/unexpected/skipped/flaky). */
export function countReport(report) {
  if (typeof report?.numTotalTests === "number") {
    const failures = [];
    for (const file of report.testResults ?? [])
      for (const test of file.assertionResults ?? [])
        if (test.status === "failed") failures.push(test.fullName ?? test.title);
    // A file that failed outside its tests (an import error, a failing hook) has no failed assertion.
    for (const file of report.testResults ?? [])
      if (file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed"))
        failures.push(`${file.name}: ${(file.message ?? "failed").split("\n")[0]}`);
    return {
      passed: report.numPassedTests ?? 0,
      failed: report.numFailedTests ?? 0,
      skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
      failures,
      ok: report.success !== false && failures.length === 0,
    };
  }
  if (report?.stats) {
    const failures = playwrightFailures(report.suites);
    const failed = report.stats.unexpected ?? 0;
    return {
      passed: (report.stats.expected ?? 0) + (report.stats.flaky ?? 0),
      failed,
      skipped: report.stats.skipped ?? 0,
      failures,
      ok: failed === 0 && (report.errors ?? []).length === 0,
    };
  }
  return null;
}

/**
 * Puts each stage with its report's counts (`reports` maps a report path to its parsed JSON, or to null when
 * there is none) into one result. A stage that passed but whose report counts failures, or that was meant to
 * write a report and wrote none, is failed.
 */
export function summarise(stages, reports) {
  const rows = [];
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const stageTotals = { passed: 0, failed: 0, "not run": 0, skipped: 0 };
  for (const stage of stages) {
    let { outcome, note } = stage;
    let tests = null;
    if (stage.report && (outcome === "passed" || outcome === "failed")) {
      const report = reports[stage.report];
      tests = report ? countReport(report) : null;
      if (report && !tests) note = join(note, `${stage.report} is not a Vitest or Playwright report`);
      if (!report) note = join(note, `no report at ${stage.report}`);
      if (outcome === "passed" && !tests?.ok) {
        outcome = "failed";
        if (tests && !tests.ok && !tests.failed) note = join(note, "the report says the run failed");
      }
    }
    if (tests) {
      totals.passed += tests.passed;
      totals.failed += tests.failed;
      totals.skipped += tests.skipped;
    }
    stageTotals[outcome]++;
    rows.push({ name: stage.name, outcome, seconds: stage.seconds, note, tests });
  }
  // Not run only because something before it failed: the run as a whole failed, whatever the counts say.
  const ok = stageTotals.failed === 0 && stageTotals["not run"] === 0 && totals.failed === 0;
  return { rows, totals, stageTotals, ok };
}

function join(a, b) {
  return a ? `${a}; ${b}` : b;
}

function counts({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

/** The closing text: one line per stage (with the failed tests' names under it), then the totals. */
export function formatSummary({ rows, totals, stageTotals, ok }) {
  const width = Math.max(5, ...rows.map((r) => r.name.length));
  const lines = ["", "=== summary"];
  for (const row of rows) {
    const time = row.outcome === "passed" || row.outcome === "failed" ? `${row.seconds}s` : "";
    const detail = [row.tests ? counts(row.tests) : "", row.note].filter(Boolean).join("; ");
    lines.push(
      `${row.name.padEnd(width)}  ${row.outcome.padEnd(7)}  ${time.padStart(6)}  ${detail}`.trimEnd(),
    );
    for (const name of row.tests?.failures.slice(0, 20) ?? [])
      lines.push(`${" ".repeat(width + 2)}✗ ${name}`);
    if ((row.tests?.failures.length ?? 0) > 20)
      lines.push(`${" ".repeat(width + 2)}… and ${(row.tests?.failures.length ?? 0) - 20} more`);
  }
  const stageLine = Object.entries(stageTotals)
    .filter(([outcome, n]) => n > 0 || outcome === "passed" || outcome === "failed")
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(", ");
  lines.push(`stages: ${stageLine}`);
  lines.push(`tests: ${counts(totals)}`);
  lines.push(ok ? "PASSED" : "FAILED");
  return lines.join("\n");
}
