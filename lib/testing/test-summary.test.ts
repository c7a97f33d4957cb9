// scripts/test-summary.mjs's logic: the stage file scripts/test.sh writes, Vitest and Playwright reports
// counted, and a run that fails however it failed (a stage's exit code, a failed test, a missing report, a
// stage that could not run).
import { describe, expect, it } from "vitest";
import { countReport, formatSummary, parseStages, summarise } from "@/scripts/lib/test-summary.mjs";

const vitest = (passed: number, failed: number, extra: Record<string, unknown> = {}) => ({
  numTotalTests: passed + failed,
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: 1,
  numTodoTests: 0,
  success: failed === 0,
  testResults: [
    {
      name: "/repo/app/api/events.integration.test.ts",
      status: failed ? "failed" : "passed",
      assertionResults: [
        ...Array.from({ length: passed }, (_, i) => ({ status: "passed", fullName: `ok ${i}` })),
        ...Array.from({ length: failed }, (_, i) => ({
          status: "failed",
          fullName: `GET /api/events broke ${i}`,
        })),
      ],
    },
  ],
  ...extra,
});

const playwright = {
  stats: { expected: 5, unexpected: 1, skipped: 2, flaky: 1 },
  errors: [],
  suites: [
    {
      title: "map.spec.ts",
      specs: [{ title: "draws the map", ok: true }],
      suites: [{ title: "search", specs: [{ title: "finds a container", ok: false }] }],
    },
  ],
};

describe("parseStages", () => {
  it("reads the tab-separated lines scripts/test.sh writes, notes with tabs kept", () => {
    const text =
      "biome\tpassed\t12\t\t\nunit\tfailed\t30\ttest-results/unit.json\texited 1\n" +
      "swarm\tnot run\t0\t\tlab engines A and B did not come up\tlab.sh up exited 1\n\n";
    expect(parseStages(text)).toEqual([
      { name: "biome", outcome: "passed", seconds: 12, report: null, note: "" },
      { name: "unit", outcome: "failed", seconds: 30, report: "test-results/unit.json", note: "exited 1" },
      {
        name: "swarm",
        outcome: "not run",
        seconds: 0,
        report: null,
        note: "lab engines A and B did not come up\tlab.sh up exited 1",
      },
    ]);
  });

  it("takes an outcome it does not know for a failure", () => {
    expect(parseStages("e2e\tmaybe\t1\t\t")[0]).toMatchObject({
      outcome: "failed",
      note: expect.any(String),
    });
  });
});

describe("countReport", () => {
  it("counts a Vitest report and names its failed tests", () => {
    expect(countReport(vitest(3, 2))).toEqual({
      passed: 3,
      failed: 2,
      skipped: 1,
      failures: ["GET /api/events broke 0", "GET /api/events broke 1"],
      ok: false,
    });
  });

  it("names a Vitest file that failed outside its tests (a hook or an import)", () => {
    const report = vitest(0, 0, {
      success: false,
      testResults: [
        { name: "/repo/a.test.ts", status: "failed", message: "Hook timed out\nstack", assertionResults: [] },
      ],
    });
    expect(countReport(report)).toMatchObject({
      failed: 0,
      failures: ["/repo/a.test.ts: Hook timed out"],
      ok: false,
    });
  });

  it("counts a Playwright report (flaky counts as passed) and names its failed specs", () => {
    expect(countReport(playwright)).toEqual({
      passed: 6,
      failed: 1,
      skipped: 2,
      failures: ["map.spec.ts > search > finds a container"],
      ok: false,
    });
  });

  it("knows no other shape", () => {
    expect(countReport({})).toBeNull();
    expect(countReport(null)).toBeNull();
  });
});

describe("summarise", () => {
  const stages = parseStages(
    [
      "biome\tpassed\t5\t\t",
      "typecheck\tfailed\t20\t\texited 2",
      "unit\tpassed\t30\ttest-results/unit.json\t",
      "integration-26\tfailed\t0\t\tlab engines A and B did not come up (lab.sh up exited 1)",
      "swarm\tnot run\t0\t\tlab engines A and B did not come up",
      "integration-20\tskipped\t0\t\tNETATLAS_TEST_SKIP_2010=1",
      "e2e\tfailed\t90\ttest-results/e2e.json\texited 1",
    ].join("\n"),
  );
  const summary = summarise(stages, {
    "test-results/unit.json": vitest(10, 0),
    "test-results/e2e.json": playwright,
  });

  it("keeps every stage's outcome, with its report's counts, and adds the counts up", () => {
    expect(summary.rows.map((r) => [r.name, r.outcome])).toEqual([
      ["biome", "passed"],
      ["typecheck", "failed"],
      ["unit", "passed"],
      ["integration-26", "failed"],
      ["swarm", "not run"],
      ["integration-20", "skipped"],
      ["e2e", "failed"],
    ]);
    expect(summary.stageTotals).toEqual({ passed: 2, failed: 3, "not run": 1, skipped: 1 });
    expect(summary.totals).toEqual({ passed: 16, failed: 1, skipped: 3 });
    expect(summary.ok).toBe(false);
  });

  it("prints one line per stage with why, the failed tests' names, and the totals", () => {
    const text = formatSummary(summary);
    expect(text).toMatch(/typecheck\s+failed\s+20s\s+exited 2/);
    expect(text).toMatch(/unit\s+passed\s+30s\s+10 passed, 0 failed, 1 skipped/);
    expect(text).toMatch(/swarm\s+not run\s+lab engines A and B did not come up/);
    expect(text).toMatch(/integration-20\s+skipped\s+NETATLAS_TEST_SKIP_2010=1/);
    expect(text).toContain("✗ map.spec.ts > search > finds a container");
    expect(text).toContain("stages: 2 passed, 3 failed, 1 not run, 1 skipped");
    expect(text).toContain("tests: 16 passed, 1 failed, 3 skipped");
    expect(text.trimEnd().endsWith("FAILED")).toBe(true);
  });

  it("passes when every stage passed or was skipped and no test failed", () => {
    const ok = summarise(
      parseStages("biome\tpassed\t1\t\t\nunit\tpassed\t2\tu.json\t\ne2e\tskipped\t0\t\tno\n"),
      {
        "u.json": vitest(4, 0),
      },
    );
    expect(ok.ok).toBe(true);
    expect(formatSummary(ok)).toContain("stages: 2 passed, 0 failed, 1 skipped");
  });

  it("fails a stage that exited 0 but whose report is missing or counts a failure", () => {
    const rows = summarise(parseStages("unit\tpassed\t2\tu.json\t\nswarm\tpassed\t3\ts.json\t\n"), {
      "s.json": vitest(1, 1),
    }).rows;
    expect(rows[0]).toMatchObject({ outcome: "failed", note: "no report at u.json" });
    expect(rows[1]).toMatchObject({ outcome: "failed", tests: { failed: 1 } });
  });
});
