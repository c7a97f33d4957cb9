// For integration tests: read a server-sent events Response as parsed events, waiting for the ones a test needs.
import { StreamReader } from "./stream-reader";

export interface SseEvent {
  event: string;
  id: string | null;
  data: unknown;
}

export class SseReader extends StreamReader<SseEvent> {
  constructor(response: Response) {
    super(response, "\n\n");
  }

  get events(): SseEvent[] {
    return this.items;
  }

  protected take(block: string): void {
    let event = "message";
    let id: string | null = null;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("id: ")) id = line.slice(4);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    if (data.length) this.items.push({ event, id, data: JSON.parse(data.join("\n")) });
  }

  protected describe(): string {
    return this.items.map((e) => e.event).join(", ");
  }
}
