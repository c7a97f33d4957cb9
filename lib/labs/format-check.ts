// A step's `check`: the probe that proves the step's point, and what its result must be. Each rule that ties
// keys together (port for tcp, answers only for dns, distinct only with repeat) is checked here, on the line of the
// key that breaks it. Pure: used by lib/labs/format.ts.
import { LAB_PROBE_KINDS, type LabCheck, type LabProbeKind } from "@/lib/api/labs";
import {
  child,
  type Found,
  type Problems,
  readChoice,
  readInteger,
  readMap,
  readString,
} from "./format-nodes";

const CHECK_KEYS = {
  required: ["says", "probe", "from", "target", "expect"],
  optional: ["port", "path", "repeat", "distinct", "answers", "contains"],
} as const;

/** Which probes each optional key makes sense for. */
const ONLY_FOR: Partial<Record<(typeof CHECK_KEYS.optional)[number], readonly LabProbeKind[]>> = {
  port: ["tcp", "http"],
  path: ["http"],
  answers: ["dns"],
  distinct: ["http", "dns"],
  contains: ["http", "dns"],
};

/**
 * Reads a check. `containers` are the containers the lab has made by the end of this step: a probe runs inside
 * `from`, so, like any exec, it must be one of them.
 */
export function readCheck(at: Found, containers: ReadonlySet<string>, p: Problems): LabCheck | null {
  const before = p.count;
  const keys = readMap(at, { required: CHECK_KEYS.required, optional: CHECK_KEYS.optional }, p);
  if (!keys) return null;
  const get = (key: string): Found =>
    keys.get(key) ?? { node: null, line: at.line, path: child(at.path, key) };
  const says = keys.has("says") ? readString(get("says"), p) : null;
  const kind = keys.has("probe") ? readChoice(get("probe"), LAB_PROBE_KINDS, p) : null;
  const from = keys.has("from") ? readString(get("from"), p) : null;
  const target = keys.has("target") ? readString(get("target"), p) : null;
  const expect = keys.has("expect") ? readChoice(get("expect"), ["ok", "fail"] as const, p) : null;
  const port = keys.has("port") ? readInteger(get("port"), p, 1, 65535) : null;
  const path = keys.has("path") ? readString(get("path"), p) : null;
  const repeat = keys.has("repeat") ? readInteger(get("repeat"), p, 1, 10) : 1;
  const distinct = keys.has("distinct") ? readInteger(get("distinct"), p, 2, 10) : null;
  const answers = keys.has("answers") ? readInteger(get("answers"), p, 1, 64) : null;
  const contains = keys.has("contains") ? readString(get("contains"), p) : null;

  if (from !== null && !containers.has(from)) {
    const f = get("from");
    p.add(
      f.line,
      f.path,
      `container "${from}" is not made by this lab by this step (the probe runs inside it)`,
    );
  }
  if (kind !== null) {
    for (const [key, kinds] of Object.entries(ONLY_FOR)) {
      if (keys.has(key) && !kinds.includes(kind)) {
        const f = get(key);
        p.add(f.line, f.path, `only for probe: ${kinds.join(" or ")}, not ${kind}`);
      }
    }
    if (kind === "tcp" && !keys.has("port"))
      p.add(get("probe").line, child(at.path, "port"), "required for tcp");
  }
  if (path !== null && !path.startsWith("/")) p.add(get("path").line, get("path").path, 'starts with "/"');
  if (distinct !== null && repeat !== null) {
    const f = get("distinct");
    if (repeat < 2)
      p.add(f.line, f.path, "only with repeat of 2 or more (different answers over several probes)");
    else if (distinct > repeat)
      p.add(f.line, f.path, `at most repeat (${repeat}): ${distinct} answers cannot differ`);
  }
  if (expect === "fail") {
    for (const key of ["distinct", "answers", "contains"]) {
      if (keys.has(key))
        p.add(get(key).line, get(key).path, "only with expect: ok (a failed probe has no answer)");
    }
  }
  if (p.count > before || !says || !kind || !from || !target || !expect || repeat === null) return null;
  return {
    says,
    probe: { kind, from, target, port, path: kind === "http" ? (path ?? "/") : null },
    expect,
    repeat,
    distinct,
    answers,
    contains,
  };
}
