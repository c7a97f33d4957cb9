import { describe, expect, it } from "vitest";
import { TokenBuckets } from "./token-bucket";

describe("TokenBuckets", () => {
  it("lets a key spend its burst at once, then refuses with when the next token is back", () => {
    const b = new TokenBuckets(() => ({ burst: 3, perMinute: 6 }));
    const t = 1_000_000;
    expect([b.take("u", t), b.take("u", t), b.take("u", t)].every((x) => x.ok)).toBe(true);
    const refused = b.take("u", t);
    expect(refused).toEqual({ ok: false, retryAfterMs: 10_000 });
    // Another key has its own bucket.
    expect(b.take("v", t).ok).toBe(true);
  });

  it("earns tokens back evenly, never more than the burst", () => {
    const b = new TokenBuckets(() => ({ burst: 2, perMinute: 60 }));
    const t = 0;
    b.take("u", t);
    b.take("u", t);
    expect(b.take("u", t + 500)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(b.take("u", t + 1000).ok).toBe(true);
    expect(b.take("u", t + 1000).ok).toBe(false);
    // An hour later it holds the burst, not 3600.
    expect(b.take("u", t + 3_600_000).ok).toBe(true);
    expect(b.take("u", t + 3_600_000).ok).toBe(true);
    expect(b.take("u", t + 3_600_000).ok).toBe(false);
  });

  it("forgets buckets that filled up again", () => {
    const b = new TokenBuckets(() => ({ burst: 2, perMinute: 60 }));
    for (let i = 0; i < 50; i++) b.take(`client-${i}`, 0);
    expect(b.size).toBe(50);
    b.sweep(10_000);
    expect(b.size).toBe(0);
  });
});
