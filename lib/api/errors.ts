// The one error type the API answers with: a code from the wire contract, a message for people and the
// low-level detail (Docker's own message) kept verbatim. Pure: shared by server code and tests.
import type { ApiErrorDetail, ConnectCause, ErrorCode, FieldProblem } from "./types";

export interface AppErrorExtras {
  engine?: string;
  /** Bad input: each problem by field. */
  fields?: FieldProblem[];
  /** Seconds the client should wait before trying again (429); sent as Retry-After. */
  retryAfter?: number;
  /** A connection to an engine that failed: why (sent as `cause`). */
  connectCause?: ConnectCause;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | null;
  readonly engine: string | undefined;
  readonly fields: FieldProblem[] | undefined;
  readonly retryAfter: number | undefined;
  /** Not `cause`: Error.cause is the standard slot for a wrapped error. */
  readonly connectCause: ConnectCause | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    detail: string | null = null,
    extras?: string | AppErrorExtras,
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    const more = typeof extras === "string" ? { engine: extras } : (extras ?? {});
    this.engine = more.engine;
    this.fields = more.fields;
    this.retryAfter = more.retryAfter;
    this.connectCause = more.connectCause;
  }

  toJSON(): ApiErrorDetail {
    const body: ApiErrorDetail = { code: this.code, message: this.message, detail: this.detail };
    if (this.engine !== undefined) body.engine = this.engine;
    if (this.fields !== undefined) body.fields = this.fields;
    if (this.connectCause !== undefined) body.cause = this.connectCause;
    return body;
  }
}

/**
 * Logs an error nobody expected (a bug, a missing file, a socket gone odd) with a short id, and returns the
 * id: the answer names the id, never the error's text, which may hold file paths or other internals.
 */
export function logUnexpected(err: unknown, context: string): string {
  const id = crypto.randomUUID().slice(0, 8);
  console.error(`netatlas: unexpected error ${id} (${context}):`, err);
  return id;
}
