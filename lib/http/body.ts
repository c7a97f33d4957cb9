// Reading a JSON request body safely: at most a small number of bytes (413 beyond, whatever Content-Length
// claims), valid JSON (400 with the parser's message), and the schema's shape with every problem listed by
// field (400). An empty body reads as {}.
import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/api/errors";
import type { FieldProblem } from "@/lib/api/types";

export const BODY_LIMIT = 64 * 1024;

async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${limit / 1024} KiB.`);
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return { field: path || "(body)", message: `Unknown field(s): ${issue.keys.join(", ")}.` };
    }
    return { field: path || "(body)", message: issue.message };
  });
}

export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  limit = BODY_LIMIT,
): Promise<z.infer<S>> {
  const text = await readText(request, limit);
  let value: unknown = {};
  if (text.trim() !== "") {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new AppError("bad_request", "The request body is not valid JSON.", (err as Error).message);
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = fieldProblems(parsed.error);
    throw new AppError(
      "bad_request",
      `The request has ${fields.length} problem${fields.length === 1 ? "" : "s"}: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`,
      null,
      { fields },
    );
  }
  return parsed.data;
}
