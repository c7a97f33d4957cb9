// Reads of a host that many requests may ask for at once (host facts, the Linux layer), shared: concurrent
// callers wait for one read, a read is reused for `ttlMs`, and (when `staleMs` is longer) an older read is
// answered at once while a new one runs in the background. A failed read is not kept: the next caller tries
// again. So however many viewers ask, each key runs at most one read per interval.

interface Cached<T> {
  at: number;
  value: Promise<T>;
  /** The read's answer once it landed. */
  settled: T | null;
  /** A newer read under way. */
  refreshing: Promise<T> | null;
}

export interface SharedReadOptions {
  /** A read is used as it is this long, ms (read on every call so a setting can change). */
  ttlMs: () => number;
  /** Up to this age a read is answered while a new one runs; <= ttlMs: callers wait for the new read. */
  staleMs: () => number;
}

export type SharedRead<A, T> = (arg: A, now?: number) => Promise<T>;

/**
 * `read` shared per `keyOf(arg)`, kept on globalThis under `name` so every route bundle shares one cache.
 */
export function sharedRead<A, T>(
  name: string,
  keyOf: (arg: A) => string,
  read: (arg: A) => Promise<T>,
  options: SharedReadOptions,
): SharedRead<A, T> {
  const symbol = Symbol.for(name);
  const cache = (): Map<string, Cached<T>> => {
    const g = globalThis as typeof globalThis & { [k: symbol]: Map<string, Cached<T>> | undefined };
    g[symbol] ??= new Map();
    return g[symbol];
  };

  function refresh(arg: A, key: string, c: Map<string, Cached<T>>): Promise<T> {
    const at = Date.now();
    const value = read(arg);
    const previous = c.get(key);
    // While the first read runs, callers share it; a refresh keeps the previous answer until it lands.
    if (!previous?.settled) c.set(key, { at, value, settled: null, refreshing: null });
    value.then(
      (settled) => c.set(key, { at, value: Promise.resolve(settled), settled, refreshing: null }),
      () => {
        const entry = c.get(key);
        if (entry && (entry.value === value || entry.refreshing === value)) c.delete(key);
      },
    );
    return value;
  }

  return (arg: A, now = Date.now()) => {
    const c = cache();
    const key = keyOf(arg);
    const hit = c.get(key);
    if (hit && (now - hit.at < options.ttlMs() || !hit.settled)) return hit.value;
    if (hit?.settled && now - hit.at < options.staleMs()) {
      if (!hit.refreshing) hit.refreshing = refresh(arg, key, c);
      return Promise.resolve(hit.settled);
    }
    // Old entries of other keys go as this one is refreshed (keys can carry a version).
    for (const [k, v] of c)
      if (v.settled && now - v.at >= Math.max(options.ttlMs(), options.staleMs())) c.delete(k);
    return refresh(arg, key, c);
  };
}
