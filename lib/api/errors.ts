// The one error type the API answers with: a code from the wire contract, a message for people and the
// low-level detail (Docker's own message) kept verbatim. Pure: shared by server code and tests.
import type { ApiErrorDetail, ErrorCode } from "./types";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | null;
  readonly engine: string | undefined;

  constructor(code: ErrorCode, message: string, detail: string | null = null, engine?: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    this.engine = engine;
  }

  toJSON(): ApiErrorDetail {
    const body: ApiErrorDetail = { code: this.code, message: this.message, detail: this.detail };
    if (this.engine !== undefined) body.engine = this.engine;
    return body;
  }
}
