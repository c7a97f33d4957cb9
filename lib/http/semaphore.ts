// A counting semaphore with a bounded wait: at most `limit` holders at once; a caller beyond that waits its turn
// (first come, first served) for at most `waitMs`, and is refused at once when `maxWaiting` callers already
// wait. Refusal is a `SemaphoreBusy` carrying how many run and wait, for the caller to answer in words.
// Pure (no Node or Next imports) so it is tested in plain Node; lib/http/limits.ts holds the server's one.

export class SemaphoreBusy extends Error {
  constructor(
    readonly running: number,
    readonly waiting: number,
    readonly reason: "queue_full" | "timeout",
  ) {
    super(
      reason === "queue_full"
        ? `${running} running and ${waiting} already waiting`
        : `no slot within the wait (${running} running, ${waiting} waiting)`,
    );
    this.name = "SemaphoreBusy";
  }
}

interface Waiter {
  grant: () => void;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface SemaphoreOptions {
  /** How many may hold it at once (read on every acquire, so a setting can change). */
  limit: () => number;
  /** How long a caller may wait for a slot, ms. */
  waitMs: () => number;
  /** How many may wait at once; more are refused without waiting. */
  maxWaiting: () => number;
}

export class Semaphore {
  private held = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly options: SemaphoreOptions) {}

  get running(): number {
    return this.held;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with the release function once a slot is held; rejects with SemaphoreBusy. */
  acquire(): Promise<() => void> {
    if (this.held < Math.max(1, this.options.limit()) && this.queue.length === 0) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.options.maxWaiting()) {
      return Promise.reject(new SemaphoreBusy(this.held, this.queue.length, "queue_full"));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          if (waiter.timer) clearTimeout(waiter.timer);
          this.held++;
          resolve(this.releaser());
        },
        timer: null,
      };
      waiter.timer = setTimeout(() => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(new SemaphoreBusy(this.held, this.queue.length, "timeout"));
      }, this.options.waitMs());
      (waiter.timer as { unref?: () => void }).unref?.();
      this.queue.push(waiter);
    });
  }

  /** Runs `fn` holding a slot. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.held--;
      this.next();
    };
  }

  private next(): void {
    while (this.queue.length > 0 && this.held < Math.max(1, this.options.limit())) {
      this.queue.shift()?.grant();
    }
  }
}
