// Types for scripts/lib/test-summary.mjs (the unit test imports it from TypeScript).
export type Outcome = "passed" | "failed" | "not run" | "skipped";
export const OUTCOMES: Outcome[];

export interface Stage {
  name: string;
  outcome: Outcome;
  seconds: number;
  report: string | null;
  note: string;
}

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
  ok: boolean;
}

export interface SummaryRow {
  name: string;
  outcome: Outcome;
  seconds: number;
  note: string;
  tests: TestCounts | null;
}

export interface Summary {
  rows: SummaryRow[];
  totals: { passed: number; failed: number; skipped: number };
  stageTotals: Record<Outcome, number>;
  ok: boolean;
}

export function parseStages(text: string): Stage[];
export function countReport(report: unknown): TestCounts | null;
export function summarise(stages: Stage[], reports: Record<string, unknown>): Summary;
export function formatSummary(summary: Summary): string;
