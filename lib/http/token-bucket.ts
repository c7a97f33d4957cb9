// Token buckets per key (a principal): each key may spend `burst` at once and earns `perMinute` back, evenly.
// A take that finds the bucket empty says how long until a token is back (for Retry-After). Full buckets are
// forgotten (they hold nothing a fresh one would not), so the map stays as small as the set of recent callers.
// Pure: time is passed in, tested in plain Node.

export interface BucketSettings {
  burst: number;
  perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly settings: () => BucketSettings) {}

  /** Takes one token from `key`'s bucket, or says when one will be there. */
  take(key: string, now = Date.now()): Take {
    const { burst, perMinute } = this.settings();
    const perMs = perMinute / 60_000;
    const found = this.buckets.get(key);
    const tokens = found ? Math.min(burst, found.tokens + (now - found.at) * perMs) : burst;
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      if (this.buckets.size > 1000) this.sweep(now);
      return { ok: true };
    }
    this.buckets.set(key, { tokens, at: now });
    return { ok: false, retryAfterMs: perMs > 0 ? Math.ceil((1 - tokens) / perMs) : 60_000 };
  }

  /** Drops the buckets that have filled up again. */
  sweep(now = Date.now()): void {
    const { burst, perMinute } = this.settings();
    const perMs = perMinute / 60_000;
    for (const [key, b] of this.buckets)
      if (b.tokens + (now - b.at) * perMs >= burst) this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }
}
