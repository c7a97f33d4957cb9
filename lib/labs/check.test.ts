// Judging a lab's commands and checks from what Docker and the probes said: made-up results, every rule once
// (expected ok / fail, distinct answers over repeats, exact answer counts, contains), and drills that must fail
// with Docker's words.
import { describe, expect, it } from "vitest";
import type { LabCheck } from "@/lib/api/labs";
import type { ProbeDetails } from "@/lib/api/probes";
import { evaluateCheck, judgeCommand, LEFT_FROM_BEFORE, type ProbeOutcome } from "./check";

function check(overrides: Partial<LabCheck> = {}, probe: Partial<LabCheck["probe"]> = {}): LabCheck {
  return {
    says: "the claim",
    probe: { kind: "ping", from: "lab-client", target: "lab-web", port: null, path: null, ...probe },
    expect: "ok",
    repeat: 1,
    distinct: null,
    answers: null,
    contains: null,
    ...overrides,
  };
}

const ping = (received: number): ProbeOutcome => ({
  ok: received > 0,
  summary: `${received} of 3 pings answered`,
  details: { kind: "ping", sent: 3, received, lossPercent: 100 - (received / 3) * 100, rttMs: null, ttl: 64 },
});
const http = (body: string | null): ProbeOutcome => ({
  ok: body !== null,
  summary: body === null ? "no answer." : "answered HTTP 200.",
  details: {
    kind: "http",
    status: body === null ? null : 200,
    ms: 1,
    headers: {},
    body: body ?? "",
    failure: null,
  },
});
const dns = (...answers: string[]): ProbeOutcome => {
  const details: ProbeDetails = {
    kind: "dns",
    name: "web",
    answers,
    resolver: { address: "127.0.0.11", kind: "embedded" },
    rcode: answers.length ? "NOERROR" : "NXDOMAIN",
  };
  return { ok: answers.length > 0, summary: `${answers.length} answers`, details };
};

describe("evaluateCheck", () => {
  it("passes when every probe got through and `ok` was expected, and says what the probe saw", () => {
    const r = evaluateCheck(check(), [ping(3)], "docker exec lab-client ping lab-web");
    expect(r).toEqual({
      passed: true,
      says: "the claim",
      saw: "3 of 3 pings answered",
      command: "docker exec lab-client ping lab-web",
      probes: [{ ok: true, summary: "3 of 3 pings answered" }],
    });
  });

  it("passes an expected failure only when no probe got through", () => {
    expect(evaluateCheck(check({ expect: "fail" }), [ping(0)], "c").passed).toBe(true);
    expect(evaluateCheck(check({ expect: "fail" }), [ping(1)], "c").passed).toBe(false);
    expect(evaluateCheck(check(), [ping(0)], "c").passed).toBe(false);
  });

  it("needs every repeat to match, and counts them in words", () => {
    const r = evaluateCheck(check({ repeat: 3 }), [ping(3), ping(0), ping(3)], "c");
    expect(r.passed).toBe(false);
    expect(r.saw).toBe("2 of 3 ping probes got through");
    expect(r.probes.map((p) => p.ok)).toEqual([true, false, true]);
  });

  it("counts different HTTP bodies for `distinct`", () => {
    const c = check({ repeat: 4, distinct: 2 }, { kind: "http" });
    const two = evaluateCheck(c, [http("a"), http("b"), http("a"), http("b")], "c");
    expect(two.passed).toBe(true);
    expect(two.saw).toContain("2 different bodies in 4 requests (at least 2 expected)");
    const one = evaluateCheck(c, [http("a"), http("a"), http("a"), http("a")], "c");
    expect(one.passed).toBe(false);
    expect(one.saw).toContain("1 different body in 4 requests");
  });

  it("counts different first DNS answers for `distinct`", () => {
    const c = check({ repeat: 3, distinct: 3 }, { kind: "dns" });
    expect(evaluateCheck(c, [dns("10.0.0.2"), dns("10.0.0.3"), dns("10.0.0.4")], "c").passed).toBe(true);
    const r = evaluateCheck(c, [dns("10.0.0.2"), dns("10.0.0.3"), dns("10.0.0.2")], "c");
    expect(r.passed).toBe(false);
    expect(r.saw).toContain("2 different first answers in 3 lookups");
  });

  it("needs exactly `answers` addresses in each DNS answer", () => {
    const c = check({ answers: 2 }, { kind: "dns" });
    expect(evaluateCheck(c, [dns("10.0.0.2", "10.0.0.3")], "c").passed).toBe(true);
    const r = evaluateCheck(c, [dns("10.0.0.2", "10.0.0.3", "10.0.0.4")], "c");
    expect(r.passed).toBe(false);
    expect(r.saw).toContain("3 addresses in the answer (exactly 2 expected)");
  });

  it("needs `contains` in every HTTP body, or among every DNS answer's addresses", () => {
    const c = check({ contains: "hello from web" }, { kind: "http" });
    const hit = evaluateCheck(c, [http("<h1>hello from web</h1>")], "c");
    expect(hit.passed).toBe(true);
    expect(hit.saw).toBe('answered HTTP 200; "hello from web" is in the body');
    const miss = evaluateCheck(c, [http("<h1>hello from api</h1>")], "c");
    expect(miss.passed).toBe(false);
    expect(miss.saw).toContain('"hello from web" is not in the body');
    const d = check({ contains: "10.0.0.9" }, { kind: "dns" });
    expect(evaluateCheck(d, [dns("10.0.0.9")], "c").passed).toBe(true);
    expect(evaluateCheck(d, [dns("10.0.0.10")], "c").passed).toBe(false);
  });

  it("never passes with no probe run", () => {
    expect(evaluateCheck(check({ expect: "fail" }), [], "c").passed).toBe(false);
  });
});

describe("judgeCommand", () => {
  const failed = (stderr: string) => ({
    ok: false,
    exitCode: 125,
    message: stderr,
    stdout: "",
    stderr,
  });
  const succeeded = { ok: true, exitCode: 0, message: "", stdout: "3f2a", stderr: "" };
  const inUse =
    'docker: Error response from daemon: Conflict. The container name "/lab-web" is already in use by container "3f2a".';

  it("passes a command that succeeds, and stops on one that fails with its exit code and Docker's words", () => {
    expect(judgeCommand({ expectFailure: null }, succeeded)).toEqual({ ok: true, note: null });
    const refused = failed("Error response from daemon: manifest for nothing:1 not found");
    expect(judgeCommand({ expectFailure: null }, refused)).toEqual({
      ok: false,
      note: `exit code 125: ${refused.message}`,
    });
  });

  it("says what to do when a name the lab makes is already taken (an earlier run not reset)", () => {
    expect(judgeCommand({ expectFailure: null }, failed(inUse))).toEqual({
      ok: false,
      note: `exit code 125: ${inUse}\n${LEFT_FROM_BEFORE}`,
    });
    const network = failed("Error response from daemon: network with name lab-br-net already exists");
    expect(judgeCommand({ expectFailure: null }, network).note).toContain(LEFT_FROM_BEFORE);
  });

  it("passes a drill that fails with the expected words (any case), and stops one that does not", () => {
    expect(judgeCommand({ expectFailure: "Is Already In Use" }, failed(inUse))).toEqual({
      ok: true,
      note: `Failed as expected: ${inUse}`,
    });
    const other = judgeCommand({ expectFailure: "port is already allocated" }, failed(inUse));
    expect(other.ok).toBe(false);
    expect(other.note).toContain('not with the expected "port is already allocated"');
    expect(other.note).toContain("exit code 125");
    const worked = judgeCommand({ expectFailure: "is already in use" }, succeeded);
    expect(worked).toEqual({
      ok: false,
      note: 'It succeeded, but this drill expects it to fail with "is already in use".',
    });
  });
});
