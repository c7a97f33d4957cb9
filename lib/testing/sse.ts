// For integration tests: read a server-sent events Response as parsed events, waiting for the ones a test needs.

export interface SseEvent {
  event: string;
  id: string | null;
  data: unknown;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  private buffer = "";
  private readonly decoder = new TextDecoder();
  private waiters: Array<() => void> = [];
  private done = false;

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
    const blocks = this.buffer.split("\n\n");
    this.buffer = blocks.pop() ?? "";
    for (const block of blocks) {
      let event = "message";
      let id: string | null = null;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("id: ")) id = line.slice(4);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length) this.events.push({ event, id, data: JSON.parse(data.join("\n")) });
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves with the first event (from index `from`) that matches, or rejects after `timeoutMs`. */
  async waitFor(match: (e: SseEvent) => boolean, timeoutMs = 10_000, from = 0): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (this.done) throw new Error("the event stream ended");
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching event within ${timeoutMs} ms; got ${this.events.map((e) => e.event).join(", ")}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the server ends the stream, or rejects after `timeoutMs`. */
  async closed(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.done) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the event stream was still open after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
