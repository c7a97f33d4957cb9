// For integration tests: read a streamed Response as it arrives, split into records by a separator, each record
// parsed by the subclass, and wait for the ones a test needs. The server-sent events reader (sse.ts) and the JSON
// lines reader (ndjson-reader.ts) are this with their own record format.
export abstract class StreamReader<T> {
  protected readonly items: T[] = [];
  private buffer = "";
  private readonly decoder = new TextDecoder();
  private waiters: Array<() => void> = [];
  private done = false;
  /** A record that could not be parsed: every wait fails with it. */
  protected failure: Error | null = null;

  constructor(
    response: Response,
    private readonly separator: string,
  ) {
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const pump = async (): Promise<void> => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) break;
        this.feed(this.decoder.decode(value, { stream: true }));
      }
      this.done = true;
      this.wake();
    };
    void pump();
  }

  /** One whole record (without its separator) into `items`, or a note of it. */
  protected abstract take(record: string): void;

  /** How the items are named in a timeout's message. */
  protected abstract describe(): string;

  private feed(text: string): void {
    this.buffer += text;
    const records = this.buffer.split(this.separator);
    this.buffer = records.pop() ?? "";
    for (const record of records) this.take(record);
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Waits until `until()` holds (rechecked on every chunk), the stream ends (`ok` says whether that is fine), or the deadline. */
  protected async wait(
    until: () => boolean,
    timeoutMs: number,
    what: string,
    endIsOk = false,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.failure) throw this.failure;
      if (until()) return;
      if (this.done) {
        if (endIsOk) return;
        throw new Error(`the stream ended before ${what}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; got ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the first item (from index `from`) that matches, or rejects after `timeoutMs`. */
  async waitFor(match: (item: T) => boolean, timeoutMs = 10_000, from = 0): Promise<T> {
    await this.wait(() => this.items.slice(from).some(match), timeoutMs, "matching item");
    return this.items.slice(from).find(match) as T;
  }

  /** Resolves when the server ends the stream (everything read), or rejects after `timeoutMs`. */
  async closed(timeoutMs = 10_000): Promise<void> {
    await this.wait(() => false, timeoutMs, "the end", true);
  }

  get ended(): boolean {
    return this.done;
  }
}
