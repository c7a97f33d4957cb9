// For integration tests: read a JSON lines (NDJSON) Response as it arrives, each non-empty line parsed (a line
// that is not JSON fails the test: every line a log shipper gets must parse), waiting for the ones a test needs.
import { StreamReader } from "./stream-reader";
export class NdjsonReader<T = unknown> extends StreamReader<T> {
  /** Empty lines seen (heartbeats). */
  blank = 0;

  constructor(response: Response) {
    super(response, "\n");
  }

  get lines(): T[] {
    return this.items;
  }

  protected take(row: string): void {
    if (row === "") {
      this.blank++;
      return;
    }
    try {
      this.items.push(JSON.parse(row) as T);
    } catch {
      this.failure = new Error(`a line is not JSON: ${row.slice(0, 200)}`);
    }
  }

  protected describe(): string {
    return `${this.items.length} lines`;
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
