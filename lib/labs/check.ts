// Whether a lab command ended as the lab expects (judgeCommand), and whether a check's claim held, from the results of its probes (pure: unit-tested on made-up results). The
// claim holds iff every probe's outcome is the one expected (`expect: ok` → the packets got through, `fail` →
// they did not) and the extra conditions hold: at least `distinct` different answers over the repeats (HTTP
// bodies, DNS first answers), exactly `answers` addresses in each DNS answer, `contains` in each HTTP body / among
// each DNS answer's addresses.
import type { LabCheck, LabCheckResult, LabCommand } from "@/lib/api/labs";
import type { ProbeDetails } from "@/lib/api/probes";

/** What one probe run gave (the `result` event of lib/probe's runProbe). */
export interface ProbeOutcome {
  ok: boolean;
  summary: string;
  details: ProbeDetails;
}

/** The answer a repeat is compared by for `distinct`: an HTTP body, a DNS lookup's first address. */
function answerOf(d: ProbeDetails): string | null {
  if (d.kind === "http") return d.status === null ? null : d.body;
  if (d.kind === "dns") return d.answers[0] ?? null;
  return null;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function evaluateCheck(check: LabCheck, outcomes: ProbeOutcome[], command: string): LabCheckResult {
  const want = check.expect === "ok";
  const n = outcomes.length;
  const through = outcomes.filter((o) => o.ok).length;
  let passed = n > 0 && outcomes.every((o) => o.ok === want);
  const saw: string[] = [];
  const kind = check.probe.kind;
  if (n === 1) saw.push((outcomes[0] as ProbeOutcome).summary);
  else saw.push(`${through} of ${n} ${kind} probes got through`);

  if (check.distinct !== null) {
    const answers = outcomes.map((o) => answerOf(o.details)).filter((a): a is string => a !== null);
    const different = new Set(answers).size;
    if (different < check.distinct) passed = false;
    const what = kind === "http" ? plural(n, "request", "requests") : plural(n, "lookup", "lookups");
    const shownAs =
      kind === "http"
        ? different === 1
          ? "body"
          : "bodies"
        : different === 1
          ? "first answer"
          : "first answers";
    saw.push(`${different} different ${shownAs} in ${what} (at least ${check.distinct} expected)`);
  }
  if (check.answers !== null) {
    const counts = outcomes.map((o) => (o.details.kind === "dns" ? o.details.answers.length : 0));
    if (counts.some((c) => c !== check.answers)) passed = false;
    const shown = [...new Set(counts)].join(" or ");
    saw.push(
      `${shown} ${counts.length === 1 && counts[0] === 1 ? "address" : "addresses"} in the answer (exactly ${check.answers} expected)`,
    );
  }
  if (check.contains !== null) {
    const text = check.contains;
    const holds = outcomes.map((o) =>
      o.details.kind === "http"
        ? o.details.body.includes(text)
        : o.details.kind === "dns"
          ? o.details.answers.includes(text)
          : false,
    );
    const held = holds.filter(Boolean).length;
    if (held < n || n === 0) passed = false;
    const where = kind === "http" ? "the body" : "the answer";
    saw.push(
      n === 1
        ? `"${text}" ${held ? "is" : "is not"} in ${where}`
        : `"${text}" in ${where} ${held} of ${n} times`,
    );
  }
  // A probe's summary is a sentence; with conditions after it, its full stop would sit before the "; ".
  if (saw.length > 1) saw[0] = (saw[0] as string).replace(/\.$/, "");
  return {
    passed,
    says: check.says,
    saw: saw.join("; "),
    command,
    probes: outcomes.map((o) => ({ ok: o.ok, summary: o.summary })),
  };
}

/** How one command ended, judged against what the lab expects of it. */
/** Said with a "name already in use" failure of a command that was not meant to fail. */
export const LEFT_FROM_BEFORE =
  "An earlier run of this lab may have left it behind: press Reset lab, then run the steps again from step 1.";

export function judgeCommand(
  command: Pick<LabCommand, "expectFailure">,
  result: { ok: boolean; exitCode: number; message: string; stdout: string; stderr: string },
): { ok: boolean; note: string | null } {
  const expected = command.expectFailure;
  if (expected === null) {
    if (result.ok) return { ok: true, note: null };
    const note = `exit code ${result.exitCode}: ${result.message || "(Docker said nothing)"}`;
    // The usual cause in a class: the lab was run before and not reset, so its names are taken.
    const taken = /is already in use|already exists/i.test(result.message);
    return { ok: false, note: taken ? `${note}\n${LEFT_FROM_BEFORE}` : note };
  }
  if (result.ok) {
    return { ok: false, note: `It succeeded, but this drill expects it to fail with "${expected}".` };
  }
  const said = `${result.stderr}\n${result.stdout}`.toLowerCase();
  if (said.includes(expected.toLowerCase())) {
    return { ok: true, note: `Failed as expected: ${result.message}` };
  }
  return {
    ok: false,
    note: `It failed (exit code ${result.exitCode}), but not with the expected "${expected}": ${result.message || "(Docker said nothing)"}`,
  };
}
