import { describe, expect, it } from "vitest";
import { StreamSlots } from "./stream-slots";

describe("StreamSlots", () => {
  it("caps each key and the total, and counts a slot back once", () => {
    const s = new StreamSlots(() => ({ perClient: 2, total: 3 }));
    const a1 = s.take("a");
    const a2 = s.take("a");
    expect(a1.ok && a2.ok).toBe(true);
    expect(s.take("a")).toEqual({ ok: false, reason: "per_client", open: 2, max: 2 });
    const b1 = s.take("b");
    expect(b1.ok).toBe(true);
    expect(s.take("c")).toEqual({ ok: false, reason: "total", open: 3, max: 3 });
    if (!a1.ok) throw new Error("unreachable");
    a1.release();
    a1.release();
    expect(s.openFor("a")).toBe(1);
    expect(s.openTotal).toBe(2);
    expect(s.take("c").ok).toBe(true);
    expect(s.take("c").ok).toBe(false);
  });
});
