import { describe, expect, it } from "vitest";
import { type ClassState, classState } from "@/lib/api/class";
import { ClassHub } from "./hub";

const STATE: ClassState = {
  lab: "bridges",
  step: 2,
  selection: "container:local:abc123",
  pointer: null,
  focus: false,
  layout: "fcose",
  viewport: { zoom: 1.2, x: 10, y: -20, width: 1440, height: 800 },
  check: null,
};
const ALICE = { key: "user:1", name: "alice" };
const T0 = 1_800_000_000_000;

describe("ClassHub", () => {
  it("sends each publish to every follower, numbered, with who published it", () => {
    const hub = new ClassHub();
    const a: unknown[] = [];
    const b: unknown[] = [];
    hub.subscribe((m) => a.push(m));
    const stop = hub.subscribe((m) => b.push(m));
    hub.publish(STATE, ALICE, T0);
    stop();
    hub.publish({ ...STATE, step: 3 }, ALICE, T0 + 100);
    expect(a).toHaveLength(2);
    expect(b).toHaveLength(1);
    expect(a[1]).toMatchObject({ seq: 2, presenter: "alice", state: { step: 3 } });
    expect(hub.current()).toMatchObject({ seq: 2, at: new Date(T0 + 100).toISOString() });
    expect(hub.followers).toBe(1);
  });

  it("keeps the last positions for late joiners, and sends them to followers only when they change", () => {
    const hub = new ClassHub();
    const seen: Array<ClassState["positions"]> = [];
    hub.subscribe((m) => seen.push(m.state.positions));
    hub.publish({ ...STATE, positions: { "container:local:abc123": { x: 1, y: 2 } } }, ALICE, T0);
    hub.publish(STATE, ALICE, T0 + 50);
    expect(seen).toEqual([{ "container:local:abc123": { x: 1, y: 2 } }, undefined]);
    expect(hub.current()?.state.positions).toEqual({ "container:local:abc123": { x: 1, y: 2 } });
  });

  it("allows a burst of 20 publishes, then 20 a second per presenter (429 with Retry-After beyond)", () => {
    const hub = new ClassHub();
    for (let i = 0; i < 20; i++) hub.publish(STATE, ALICE, T0);
    expect(() => hub.publish(STATE, ALICE, T0)).toThrow(/20 a second/);
    try {
      hub.publish(STATE, ALICE, T0);
    } catch (err) {
      expect(err).toMatchObject({ code: "too_many_requests", retryAfter: 1 });
    }
    // Another presenter has their own allowance; 50 ms later one more token is back.
    expect(hub.publish(STATE, { key: "user:2", name: "bob" }, T0).presenter).toBe("bob");
    expect(hub.publish(STATE, ALICE, T0 + 50).seq).toBe(22);
    // A refused publish reached nobody and changed nothing.
    expect(hub.current()?.presenter).toBe("alice");
  });
});

describe("the class state schema", () => {
  it("accepts a presenter's state", () => {
    expect(classState.parse({ ...STATE, positions: { "network:local:n1": { x: 0, y: 0 } } })).toMatchObject({
      lab: "bridges",
    });
    expect(classState.parse({ ...STATE, lab: null, step: null, viewport: null }).lab).toBeNull();
  });

  it("refuses unknown fields, bad ids, wild numbers and too many positions", () => {
    const problems = (value: unknown) =>
      classState.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.code}`) ?? [];
    expect(problems({ ...STATE, extra: 1 })).toEqual([": unrecognized_keys"]);
    expect(problems({ ...STATE, lab: "../etc" })).toEqual(["lab: invalid_format"]);
    expect(problems({ ...STATE, step: 0 })).toEqual(["step: too_small"]);
    expect(problems({ ...STATE, selection: "no id here" })).toEqual(["selection: invalid_format"]);
    expect(problems({ ...STATE, layout: "circle" })).toEqual(["layout: invalid_value"]);
    expect(
      problems({ ...STATE, viewport: { ...STATE.viewport, zoom: Number.POSITIVE_INFINITY } }),
    ).toHaveLength(1);
    const many = Object.fromEntries(
      Array.from({ length: 601 }, (_, i) => [`container:local:c${i}`, { x: i, y: i }]),
    );
    expect(problems({ ...STATE, positions: many })).toEqual(["positions: custom"]);
  });
});
