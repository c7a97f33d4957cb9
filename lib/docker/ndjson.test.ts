// NdjsonSplitter on Docker's events stream cut into arbitrary chunks: an object split at every byte (also inside a
// multi-byte UTF-8 character), many objects per chunk, blank lines, CRLF, malformed lines, and what is pending.
import { describe, expect, it } from "vitest";
import { randomInt, seededRandom } from "@/lib/testing/topology-builders";
import { NdjsonSplitter } from "./ndjson";

const encoder = new TextEncoder();

/** A container event as Docker 26.1 writes it, with a name holding 2-, 3- and 4-byte UTF-8 characters. */
const EVENT = {
  status: "start",
  id: "5c1c1c0e0488f1a3b3c9e1e5c1d9a7b0b5e6f0e1d2c3b4a5968778695a4b3c2d",
  from: "netatlas/busybox:latest",
  Type: "container",
  Action: "start",
  Actor: {
    ID: "5c1c1c0e0488f1a3b3c9e1e5c1d9a7b0b5e6f0e1d2c3b4a5968778695a4b3c2d",
    Attributes: { image: "netatlas/busybox:latest", name: "café-€-🐳" },
  },
  scope: "local",
  time: 1_795_812_591,
  timeNano: 1_795_812_591_987_654_400,
};
const LINE = `${JSON.stringify(EVENT)}\n`;
const BYTES = encoder.encode(LINE);

/** A splitter whose malformed lines are collected. */
function splitter() {
  const malformed: Array<{ line: string; error: Error }> = [];
  const s = new NdjsonSplitter((line, error) => malformed.push({ line, error }));
  return { s, malformed };
}

function cutAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const bounds = [0, ...cuts, bytes.length];
  return bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
}

/** Whether `chunk` on its own is not valid UTF-8, i.e. the cut went through a character. */
function cutsACharacter(chunk: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(chunk);
    return false;
  } catch {
    return true;
  }
}

describe("NdjsonSplitter", () => {
  it("parses one complete line and leaves nothing pending", () => {
    const { s, malformed } = splitter();
    expect(s.push(LINE)).toEqual([EVENT]);
    expect(s.pending).toBe("");
    expect(malformed).toEqual([]);
  });

  it("joins one object split in two byte chunks at every byte position", () => {
    let insideCharacter = 0;
    for (let at = 1; at < BYTES.length; at++) {
      const { s, malformed } = splitter();
      const [head, tail] = cutAt(BYTES, [at]) as [Uint8Array, Uint8Array];
      if (cutsACharacter(head)) insideCharacter++;
      expect(s.push(head), `cut at byte ${at}`).toEqual([]);
      expect(s.push(tail), `cut at byte ${at}`).toEqual([EVENT]);
      expect(s.pending).toBe("");
      expect(malformed).toEqual([]);
    }
    // é is 2 bytes, € 3 and 🐳 4: 1 + 2 + 3 cuts land inside them.
    expect(insideCharacter).toBe(6);
  });

  it("joins one object fed one byte at a time", () => {
    const { s, malformed } = splitter();
    const out: unknown[] = [];
    for (let i = 0; i < BYTES.length; i++) {
      const parsed = s.push(BYTES.subarray(i, i + 1));
      if (i < BYTES.length - 1) expect(parsed).toEqual([]);
      out.push(...parsed);
    }
    expect(out).toEqual([EVENT]);
    expect(malformed).toEqual([]);
  });

  it("joins one object split in two string chunks at every position, even between a surrogate pair", () => {
    for (let at = 1; at < LINE.length; at++) {
      const { s } = splitter();
      expect(s.push(LINE.slice(0, at))).toEqual([]);
      expect(s.push(LINE.slice(at))).toEqual([EVENT]);
    }
  });

  it("gives every object of a stream cut at random places (2..N chunks), in order", () => {
    const objects = [
      EVENT,
      { Type: "network", Action: "connect", Actor: { ID: "n1", Attributes: { name: "réseau-ü" } } },
      { Type: "container", Action: "health_status: healthy", Actor: { ID: "c1" } },
      { Type: "container", Action: "die", Actor: { ID: "c2", Attributes: { exitCode: "0", name: "日本" } } },
      { Type: "container", Action: "destroy", Actor: { ID: "c3" } },
    ];
    const bytes = encoder.encode(objects.map((o) => `${JSON.stringify(o)}\n`).join(""));
    const random = seededRandom(7);
    for (let round = 0; round < 200; round++) {
      const pieces = 2 + randomInt(random, 40);
      const cuts = [
        ...new Set(Array.from({ length: pieces - 1 }, () => 1 + randomInt(random, bytes.length - 1))),
      ];
      cuts.sort((a, b) => a - b);
      const { s, malformed } = splitter();
      const out = cutAt(bytes, cuts).flatMap((chunk) => s.push(chunk));
      expect(out, `round ${round}, cuts ${cuts.join(",")}`).toEqual(objects);
      expect(s.pending).toBe("");
      expect(malformed).toEqual([]);
    }
  });

  it("answers every object of a chunk that holds several lines, in order", () => {
    const { s } = splitter();
    const chunk = encoder.encode('{"n":1}\n{"n":2}\n{"n":3}\n{"n":');
    expect(s.push(chunk)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(s.pending).toBe('{"n":');
    expect(s.push("4}\n")).toEqual([{ n: 4 }]);
  });

  it("skips empty and blank lines without calling them malformed", () => {
    const { s, malformed } = splitter();
    expect(s.push('\n\n{"n":1}\n   \n\t\n\n{"n":2}\n\n')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(malformed).toEqual([]);
    expect(s.pending).toBe("");
  });

  it("accepts CRLF line ends, also when the CR and the LF arrive in different chunks", () => {
    const { s, malformed } = splitter();
    expect(s.push('{"n":1}\r\n{"n":2}\r\n')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(s.push('{"n":3}\r')).toEqual([]);
    expect(s.push('\n{"n":4}\r\n')).toEqual([{ n: 3 }, { n: 4 }]);
    expect(malformed).toEqual([]);
  });

  it("reports a malformed line with its parse error, skips it, and parses the lines after it", () => {
    const { s, malformed } = splitter();
    expect(s.push('{"n":1}\nnot json at all\n{"n":')).toEqual([{ n: 1 }]);
    expect(s.push('2}\n{"n":3')).toEqual([{ n: 2 }]);
    expect(s.push("}\n")).toEqual([{ n: 3 }]);
    expect(malformed).toHaveLength(1);
    expect(malformed[0]?.line).toBe("not json at all");
    expect(malformed[0]?.error).toBeInstanceOf(SyntaxError);
  });

  it("reports a truncated object split across chunks once, as the whole line", () => {
    const { s, malformed } = splitter();
    expect(s.push('{"Type":"contai')).toEqual([]);
    expect(malformed).toEqual([]);
    expect(s.push('ner"\r\n{"n":1}\n')).toEqual([{ n: 1 }]);
    expect(malformed.map((m) => m.line)).toEqual(['{"Type":"container"']);
  });

  it("skips malformed lines without a handler and without throwing", () => {
    const s = new NdjsonSplitter();
    expect(s.push('{oops}\n{"n":1}\n')).toEqual([{ n: 1 }]);
  });

  it("keeps what follows the last newline as pending when the stream ends mid-line", () => {
    const { s, malformed } = splitter();
    const cut = LINE.indexOf("café") + 4;
    const head = encoder.encode(`{"n":1}\n${LINE.slice(0, cut)}`);
    expect(s.push(head)).toEqual([{ n: 1 }]);
    expect(s.pending).toBe(LINE.slice(0, cut));
    expect(s.pending.endsWith("café")).toBe(true);
    expect(malformed).toEqual([]);
  });

  it("has nothing pending before the first chunk or after a chunk that ends on a newline", () => {
    const { s } = splitter();
    expect(s.pending).toBe("");
    s.push('{"n":1}');
    expect(s.pending).toBe('{"n":1}');
    s.push("\n");
    expect(s.pending).toBe("");
  });
});
