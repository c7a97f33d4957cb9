import { describe, expect, it } from "vitest";
import { sharedRead } from "./shared-read";

function counter(name: string, staleMs = 0) {
  let reads = 0;
  let fail = false;
  const read = sharedRead<string, string>(
    name,
    (k) => k,
    async (k) => {
      reads++;
      await new Promise((r) => setTimeout(r, 10));
      if (fail) throw new Error("no");
      return `${k}#${reads}`;
    },
    { ttlMs: () => 1000, staleMs: () => staleMs },
  );
  return {
    read,
    get reads() {
      return reads;
    },
    failNext(on: boolean) {
      fail = on;
    },
  };
}

describe("sharedRead", () => {
  it("makes one read for every concurrent caller, and reuses it within ttlMs", async () => {
    const c = counter("test.shared.1");
    const t = Date.now();
    const answers = await Promise.all(Array.from({ length: 50 }, () => c.read("a", t)));
    expect(new Set(answers)).toEqual(new Set(["a#1"]));
    expect(await c.read("a", t + 500)).toBe("a#1");
    expect(c.reads).toBe(1);
    expect(await c.read("b", t + 500)).toBe("b#2");
  });

  it("reads again after ttlMs (without stale answers, the caller waits for the new read)", async () => {
    const c = counter("test.shared.2");
    const t = Date.now();
    await c.read("a", t);
    expect(await c.read("a", t + 1500)).toBe("a#2");
  });

  it("answers a stale read at once while one refresh runs, when staleMs allows", async () => {
    const c = counter("test.shared.3", 30_000);
    const t = Date.now();
    await c.read("a", t);
    const [x, y] = await Promise.all([c.read("a", t + 1500), c.read("a", t + 1500)]);
    expect([x, y]).toEqual(["a#1", "a#1"]);
    expect(c.reads).toBe(2);
  });

  it("keeps no failed read: the next caller tries again", async () => {
    const c = counter("test.shared.4");
    c.failNext(true);
    await expect(c.read("a")).rejects.toThrow("no");
    c.failNext(false);
    expect(await c.read("a")).toBe("a#2");
  });
});
