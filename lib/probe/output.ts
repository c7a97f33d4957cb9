// A probe tool's output as it comes: split into lines, each handed on (as a `line` event) until
// PROBE_LIMITS.maxOutputBytes have been shown, then one line saying the rest was cut. The probe agent's own
// `RESULT {…}` line is kept apart (the server reads it; it is not the tool's output to show). Pure.
import { PROBE_LIMITS } from "@/lib/api/probes";

export class ProbeOutput {
  private pending = "";
  private shownBytes = 0;
  private cut = false;
  /** The lines shown, for the parsers. */
  readonly lines: string[] = [];
  result: string | null = null;

  constructor(
    private readonly onLine: (text: string) => void,
    private readonly maxBytes: number = PROBE_LIMITS.maxOutputBytes,
  ) {}

  write(chunk: Buffer | string): void {
    this.pending += chunk.toString();
    let at = this.pending.indexOf("\n");
    while (at >= 0) {
      this.line(this.pending.slice(0, at));
      this.pending = this.pending.slice(at + 1);
      at = this.pending.indexOf("\n");
    }
    // A line that never ends is cut like the rest: never held whole in memory.
    if (this.pending.length > this.maxBytes) {
      this.line(this.pending);
      this.pending = "";
    }
  }

  end(): void {
    if (this.pending) this.line(this.pending);
    this.pending = "";
  }

  get text(): string {
    return this.lines.join("\n");
  }

  get wasCut(): boolean {
    return this.cut;
  }

  private line(raw: string): void {
    const text = raw.replace(/\r$/, "");
    if (text.startsWith("RESULT ")) {
      this.result = text.slice("RESULT ".length);
      return;
    }
    if (this.cut) return;
    const size = Buffer.byteLength(text) + 1;
    if (this.shownBytes + size > this.maxBytes) {
      this.cut = true;
      this.onLine(`… output cut at ${Math.round(this.maxBytes / 1024)} KiB (the probe goes on)`);
      return;
    }
    this.shownBytes += size;
    this.lines.push(text);
    this.onLine(text);
  }
}
