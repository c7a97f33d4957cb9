// For integration tests: read a JSON lines (NDJSON) Response as it arrives, each non-empty line parsed (a line
// that is not JSON fails the test: every line a log shipper gets must parse), waiting for the ones a test needs.
export class NdjsonReader<T = unknown> {
  readonly lines: T[] = [];
  /** Empty lines seen (heartbeats). */
  blank = 0;
  private buffer = "";
  private readonly decoder = new TextDecoder();
  private waiters: Array<() => void> = [];
  private done = false;
  private failure: Error | null = null;

  constructor(response: Response) {
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

  private feed(text: string): void {
    this.buffer += text;
    const rows = this.buffer.split("\n");
    this.buffer = rows.pop() ?? "";
    for (const row of rows) {
      if (row === "") {
        this.blank++;
        continue;
      }
      try {
        this.lines.push(JSON.parse(row) as T);
      } catch {
        this.failure = new Error(`a line is not JSON: ${row.slice(0, 200)}`);
      }
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async wait(until: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.failure) throw this.failure;
      if (until()) return;
      if (this.done) throw new Error(`the stream ended before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; got ${this.lines.length} lines`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the first line that matches, or rejects after `timeoutMs`. */
  async waitFor(match: (line: T) => boolean, timeoutMs = 10_000): Promise<T> {
    await this.wait(() => this.lines.some(match), timeoutMs, "matching line");
    return this.lines.find(match) as T;
  }

  /** Resolves when the server ends the stream (all lines read), or rejects after `timeoutMs`. */
  async closed(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.done) {
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the stream was still open after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.failure) throw this.failure;
  }

  get ended(): boolean {
    return this.done;
  }
}

/** Every line of a whole JSON lines text, parsed; throws on a line that is not JSON. Ends with "\n" or is empty. */
export function parseJsonLines<T = unknown>(text: string): T[] {
  if (text !== "" && !text.endsWith("\n")) throw new Error("JSON lines text must end with a line break");
  return text
    .split("\n")
    .slice(0, -1)
    .map((row) => JSON.parse(row) as T);
}
