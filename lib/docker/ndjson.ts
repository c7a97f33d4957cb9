// Splits Docker's events stream, newline-delimited JSON in arbitrary chunks, into objects: a line split across
// chunks is joined, several lines in one chunk are all parsed, and a malformed line is reported and skipped.

export class NdjsonSplitter {
  private rest = "";
  private readonly decoder = new TextDecoder();

  constructor(private readonly onMalformed: (line: string, error: Error) => void = () => {}) {}

  /** Feeds a chunk; answers every complete object it finished. */
  push(chunk: Uint8Array | string): unknown[] {
    this.rest += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    const lines = this.rest.split("\n");
    this.rest = lines.pop() ?? "";
    const out: unknown[] = [];
    for (const line of lines) {
      const text = line.trim();
      if (!text) continue;
      try {
        out.push(JSON.parse(text));
      } catch (err) {
        this.onMalformed(text, err as Error);
      }
    }
    return out;
  }

  /** What is left without a newline (a stream that ended mid-line). */
  get pending(): string {
    return this.rest;
  }
}
