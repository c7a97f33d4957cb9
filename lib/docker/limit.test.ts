// mapBounded: at most `limit` calls in flight (measured with deferred promises), results in input order,
// the first rejection propagated, empty input handled.
import { describe, expect, it } from "vitest";
import { mapBounded } from "./limit";

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A `fn` for mapBounded whose calls the test finishes one by one, counting how many run at once. */
function controlledCalls<T>() {
  const calls = new Map<T, Deferred<string>>();
  const state = { active: 0, maxActive: 0, started: [] as T[] };
  const fn = async (item: T): Promise<string> => {
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    state.started.push(item);
    const call = deferred<string>();
    calls.set(item, call);
    try {
      return await call.promise;
    } finally {
      state.active--;
    }
  };
  const finish = async (item: T, value: string) => {
    const call = calls.get(item);
    if (!call) throw new Error(`${String(item)} has not started`);
    call.resolve(value);
    await settle();
  };
  const fail = async (item: T, reason: unknown) => {
    calls.get(item)?.reject(reason);
    await settle();
  };
  return { fn, state, finish, fail };
}

describe("mapBounded", () => {
  it("starts exactly `limit` calls, then one more each time one finishes", async () => {
    const items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const { fn, state, finish } = controlledCalls<number>();
    const result = mapBounded(items, 3, fn);
    await settle();
    expect(state.started).toEqual([0, 1, 2]);
    expect(state.active).toBe(3);

    await finish(1, "r1");
    expect(state.started).toEqual([0, 1, 2, 3]);
    expect(state.active).toBe(3);

    // Finish out of order; every finish lets exactly one more start, never more than 3 at once.
    for (const item of [0, 3, 2, 5, 4, 6, 9, 8, 7]) {
      await finish(item, `r${item}`);
      expect(state.active).toBeLessThanOrEqual(3);
    }
    await expect(result).resolves.toEqual(items.map((i) => `r${i}`));
    expect(state.maxActive).toBe(3);
    expect(state.started).toHaveLength(items.length);
  });

  it("keeps input order when later calls finish first", async () => {
    const { fn, finish } = controlledCalls<string>();
    const result = mapBounded(["a", "b", "c"], 3, fn);
    await settle();
    await finish("c", "C");
    await finish("b", "B");
    await finish("a", "A");
    await expect(result).resolves.toEqual(["A", "B", "C"]);
  });

  it("runs one at a time with limit 1", async () => {
    const { fn, state, finish } = controlledCalls<number>();
    const result = mapBounded([1, 2, 3], 1, fn);
    await settle();
    expect(state.started).toEqual([1]);
    await finish(1, "x");
    expect(state.started).toEqual([1, 2]);
    await finish(2, "y");
    await finish(3, "z");
    await expect(result).resolves.toEqual(["x", "y", "z"]);
    expect(state.maxActive).toBe(1);
  });

  it("starts everything at once when the limit exceeds the input", async () => {
    const { fn, state, finish } = controlledCalls<number>();
    const result = mapBounded([1, 2], 8, fn);
    await settle();
    expect(state.active).toBe(2);
    await finish(2, "b");
    await finish(1, "a");
    await expect(result).resolves.toEqual(["a", "b"]);
  });

  it("rejects with the first failure", async () => {
    const { fn, fail, finish } = controlledCalls<number>();
    const result = mapBounded([1, 2, 3], 2, fn);
    const outcome = result.then(
      () => "resolved",
      (err: unknown) => err,
    );
    await settle();
    const failure = new Error("inspect failed");
    await fail(2, failure);
    await finish(1, "a");
    await finish(3, "c");
    await expect(outcome).resolves.toBe(failure);
  });

  it("rejects when fn throws synchronously inside an async call", async () => {
    await expect(
      mapBounded([1, 2, 3], 2, async (n) => {
        if (n === 3) throw new RangeError("three");
        return n;
      }),
    ).rejects.toThrow(RangeError);
  });

  it.each([0, -1, Number.NaN])("refuses a limit of %s instead of silently calling nothing", async (limit) => {
    await expect(mapBounded([1, 2, 3], limit, async (n) => n * 2)).rejects.toThrow(RangeError);
  });

  it("answers an empty input with an empty array without calling fn", async () => {
    let calls = 0;
    const result = await mapBounded([], 4, async () => {
      calls++;
      return 1;
    });
    expect(result).toEqual([]);
    expect(calls).toBe(0);
  });
});
