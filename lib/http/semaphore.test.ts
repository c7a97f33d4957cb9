import { afterEach, describe, expect, it, vi } from "vitest";
import { Semaphore, SemaphoreBusy } from "./semaphore";

function semaphore(limit: number, waitMs = 1000, maxWaiting = 10): Semaphore {
  return new Semaphore({ limit: () => limit, waitMs: () => waitMs, maxWaiting: () => maxWaiting });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Semaphore", () => {
  it("never has more than `limit` holders at once, and runs every caller in arrival order", async () => {
    const s = semaphore(3);
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.run(async () => {
          inside++;
          most = Math.max(most, inside);
          order.push(i);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.running).toBe(0);
    expect(s.waiting).toBe(0);
  });

  it("refuses a caller that waited waitMs without a slot, and forgets it", async () => {
    vi.useFakeTimers();
    const s = semaphore(1, 500);
    const release = await s.acquire();
    const late = s.acquire();
    const refused = expect(late).rejects.toMatchObject({
      name: "SemaphoreBusy",
      reason: "timeout",
      running: 1,
    });
    await vi.advanceTimersByTimeAsync(500);
    await refused;
    expect(s.waiting).toBe(0);
    release();
    expect(s.running).toBe(0);
  });

  it("refuses at once when maxWaiting callers already wait", async () => {
    const s = semaphore(1, 10_000, 2);
    const release = await s.acquire();
    const a = s.acquire();
    const b = s.acquire();
    await expect(s.acquire()).rejects.toBeInstanceOf(SemaphoreBusy);
    expect(s.waiting).toBe(2);
    release();
    (await a)();
    (await b)();
    expect(s.running).toBe(0);
  });

  it("gives a slot back once however often its release is called, and when the work throws", async () => {
    const s = semaphore(1);
    const release = await s.acquire();
    release();
    release();
    expect(s.running).toBe(0);
    await expect(s.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(s.running).toBe(0);
  });
});
