// Reading a JSON body: parsed through the schema, an empty body as {}, bad JSON with the parser's message,
// too large refused both by Content-Length (without reading) and by counting a chunked stream (without
// reading it to the end), and every schema problem listed by field.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { BODY_LIMIT, fieldProblems, readJson } from "./body";

const URL_BASE = "http://127.0.0.1/api/networks";

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(URL_BASE, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

const network = z.strictObject({
  name: z.string().trim().min(1),
  internal: z.boolean().default(false),
  labels: z.record(z.string(), z.string()).optional(),
});
const anything = z.unknown();

/** A body that never ends: `chunk` bytes of spaces per pull, counting how many bytes were handed out. */
function endless(chunk: number): {
  stream: ReadableStream<Uint8Array>;
  sent: () => number;
  cancelled: () => boolean;
} {
  let sent = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x20));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, sent: () => sent, cancelled: () => cancelled };
}

/** A stream of the given pieces of text, then the end. */
function pieces(...parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[i++];
      if (part === undefined) controller.close();
      else controller.enqueue(encoder.encode(part));
    },
  });
}

describe("readJson", () => {
  it("parses a valid body through the schema (defaults and trimming applied)", async () => {
    const value = await readJson(post(JSON.stringify({ name: "  web  ", labels: { team: "a" } })), network);
    expect(value).toEqual({ name: "web", internal: false, labels: { team: "a" } });
  });

  it("reads a body sent in several chunks, multi-byte characters split across them", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ name: "réseau-ü" }));
    const cut = bytes.indexOf(0xc3) + 1;
    let step = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (step === 0) controller.enqueue(bytes.slice(0, cut));
        else if (step === 1) controller.enqueue(bytes.slice(cut));
        else controller.close();
        step++;
      },
    });
    expect(await readJson(post(stream), network)).toMatchObject({ name: "réseau-ü" });
  });

  it("reads an empty or blank body as {}, and lets the schema decide", async () => {
    expect(await readJson(post(null), anything)).toEqual({});
    expect(await readJson(post(""), anything)).toEqual({});
    expect(await readJson(post(" \n\t "), anything)).toEqual({});
    expect(await readJson(post(""), z.strictObject({}))).toEqual({});
    const err = await rejection(readJson(post(""), network));
    expect(err.code).toBe("bad_request");
    expect(err.fields?.map((f) => f.field)).toEqual(["name"]);
  });

  it("refuses invalid JSON with 400 and the parser's message as the detail", async () => {
    for (const text of ["{", "{name: 'web'}", '{"name": "web",}', "nope", '{"a":1} trailing']) {
      const err = await rejection(readJson(post(text), anything));
      expect(err.code, text).toBe("bad_request");
      expect(err.message).toBe("The request body is not valid JSON.");
      expect(err.detail, text).toBeTruthy();
      let parserMessage = "";
      try {
        JSON.parse(text);
      } catch (e) {
        parserMessage = (e as Error).message;
      }
      expect(err.detail).toBe(parserMessage);
    }
  });

  it("refuses a declared Content-Length over the limit with 413, without reading the body", async () => {
    const { stream, sent } = endless(1024);
    const request = post(stream, { "content-length": String(BODY_LIMIT + 1) });
    // The stream fills its own one-chunk queue on creation; only reads past that would pull more.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const handedOut = sent();
    const err = await rejection(readJson(request, anything));
    expect(err.code).toBe("payload_too_large");
    expect(err.message).toContain("64 KiB");
    expect(request.bodyUsed).toBe(false);
    expect(request.body?.locked).toBe(false);
    expect(sent()).toBe(handedOut);
  });

  it("refuses a chunked body (no Content-Length) that grows past the limit, and stops reading it", async () => {
    const { stream, sent, cancelled } = endless(16 * 1024);
    const request = post(stream);
    expect(request.headers.get("content-length")).toBeNull();
    const err = await rejection(readJson(request, anything));
    expect(err.code).toBe("payload_too_large");
    expect(cancelled()).toBe(true);
    // It stopped soon after the limit rather than reading on.
    expect(sent()).toBeLessThanOrEqual(BODY_LIMIT + 4 * 16 * 1024);
  });

  it("counts the real bytes, whatever a small Content-Length claims", async () => {
    const big = JSON.stringify({ name: "x".repeat(BODY_LIMIT) });
    const err = await rejection(readJson(post(big, { "content-length": "10" }), anything));
    expect(err.code).toBe("payload_too_large");
  });

  it("accepts a body of exactly the limit, and honours a smaller limit", async () => {
    const exact = `"${"x".repeat(BODY_LIMIT - 2)}"`;
    expect(await readJson(post(exact), anything)).toHaveLength(BODY_LIMIT - 2);
    expect((await rejection(readJson(post(`"${"x".repeat(BODY_LIMIT - 1)}"`), anything))).code).toBe(
      "payload_too_large",
    );
    expect((await rejection(readJson(post(pieces('{"a":', '"12345"}')), anything, 10))).code).toBe(
      "payload_too_large",
    );
    expect(await readJson(post(pieces('{"a":', "1}")), anything, 10)).toEqual({ a: 1 });
  });

  it("refuses unknown fields of a strict schema, naming them", async () => {
    const err = await rejection(
      readJson(post(JSON.stringify({ name: "web", driver: "host", privileged: true })), network),
    );
    expect(err.code).toBe("bad_request");
    expect(err.fields).toEqual([{ field: "(body)", message: "Unknown field(s): driver, privileged." }]);
    expect(err.message).toContain("driver, privileged");
  });

  it("lists every problem by field, nested ones by their path", async () => {
    const err = await rejection(
      readJson(post(JSON.stringify({ name: 5, internal: "yes", labels: { team: 1 } })), network),
    );
    expect(err.code).toBe("bad_request");
    expect(err.fields?.map((f) => f.field).sort()).toEqual(["internal", "labels.team", "name"]);
    for (const f of err.fields ?? []) expect(f.message).not.toBe("");
    expect(err.message).toMatch(/^The request has 3 problems: /);
    expect(err.toJSON().fields).toEqual(err.fields);
  });

  it("refuses a body that is JSON but not an object", async () => {
    for (const text of ["[]", "null", '"web"', "42"]) {
      const err = await rejection(readJson(post(text), network));
      expect(err.code, text).toBe("bad_request");
      expect(err.fields?.[0]?.field, text).toBe("(body)");
      expect(err.message).toMatch(/^The request has 1 problem: /);
    }
  });
});

describe("fieldProblems", () => {
  it("names the body for problems at the top level", () => {
    const parsed = z.strictObject({ a: z.number() }).safeParse({ a: 1, b: 2, c: 3 });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(fieldProblems(parsed.error)).toEqual([{ field: "(body)", message: "Unknown field(s): b, c." }]);
    }
  });

  it("joins array and object paths with dots", () => {
    const parsed = z.object({ list: z.array(z.object({ port: z.number() })) }).safeParse({
      list: [{ port: 1 }, { port: "x" }],
    });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(fieldProblems(parsed.error).map((f) => f.field)).toEqual(["list.1.port"]);
  });
});
