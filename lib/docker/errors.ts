// Docker failures typed once, at the edge: every error out of lib/docker is a DockerError with a small code,
// mapped from dockerode's statusCode and from socket, TLS and SSH error codes, never from message text. A connection
// that failed also says why (`connectCause`, from connect-errors.ts).
import { AppError, logUnexpected } from "@/lib/api/errors";
import type { ConnectCause, ErrorCode } from "@/lib/api/types";
import { classifyConnectError } from "./connect-errors";

export class DockerError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    detail: string | null,
    engine: string,
    connectCause?: ConnectCause,
  ) {
    super(code, message, detail, { engine, connectCause });
    this.name = "DockerError";
  }
}

interface ModemError {
  statusCode?: number;
  json?: { message?: string } | null;
  code?: string;
  message?: string;
  name?: string;
}

const UNREACHABLE = new Set([
  "ENOENT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "ENOTSOCK",
]);
const DENIED = new Set(["EACCES", "EPERM"]);

export interface CallContext {
  engine: string;
  /** The address we dialled, for messages about reaching the engine. */
  host: string;
  /** What we were doing, e.g. "inspect container web1". */
  action: string;
  timedOut?: boolean;
  /** The engine is reached over TLS (a reset then likely means a client certificate it did not accept). */
  tls?: boolean;
}

// After these, the engine may simply not be running: the hint for engines from the environment.
const START_HINT = new Set<ConnectCause>(["refused", "socket_missing", "unreachable", "dns", "reset"]);

/** What to do when no engine answers at an address. */
const START_ENGINE =
  "Start the engine, or point DOCKER_HOST / NETATLAS_ENGINES at a running one " +
  "(as root, `npm run lab -- up` starts a private lab engine).";

function permissionDenied(
  ctx: { host: string; engine: string },
  e: { message?: string },
  cause?: ConnectCause,
): DockerError {
  return new DockerError(
    "permission_denied",
    `Permission denied on ${ctx.host}: run Netatlas as a user that may use this Docker socket ` +
      "(root, or a member of the docker group).",
    e.message ?? null,
    ctx.engine,
    cause,
  );
}

/** Maps anything dockerode or the socket throws to a DockerError. */
export function toDockerError(err: unknown, ctx: CallContext): DockerError {
  if (err instanceof DockerError) return err;
  const e = (err ?? {}) as ModemError;
  const dockerMessage = e.json?.message ?? null;
  const problem = classifyConnectError(err, { host: ctx.host, tls: ctx.tls });
  if (ctx.timedOut || e.name === "AbortError" || e.name === "TimeoutError" || problem?.cause === "timeout") {
    return new DockerError(
      "timeout",
      `Engine "${ctx.engine}" did not answer in time while trying to ${ctx.action}.` +
        (problem?.cause === "timeout" ? ` ${problem.message}` : ""),
      e.message ?? null,
      ctx.engine,
      problem?.cause === "timeout" ? "timeout" : undefined,
    );
  }
  if (typeof e.statusCode === "number") {
    const code = statusToCode(e.statusCode);
    const what = dockerMessage ?? e.message ?? `HTTP ${e.statusCode}`;
    return new DockerError(
      code,
      `Could not ${ctx.action}: ${what}`,
      dockerMessage ?? e.message ?? null,
      ctx.engine,
    );
  }
  if (problem?.cause === "socket_permission") return permissionDenied(ctx, e, problem.cause);
  if (problem) {
    return new DockerError(
      "engine_unreachable",
      `Docker engine "${ctx.engine}" at ${ctx.host} is not reachable (${e.code ?? problem.cause}): ${problem.message}` +
        (START_HINT.has(problem.cause) ? ` ${START_ENGINE}` : ""),
      e.message ?? null,
      ctx.engine,
      problem.cause,
    );
  }
  if (e.code && UNREACHABLE.has(e.code)) {
    return new DockerError(
      "engine_unreachable",
      `Docker engine "${ctx.engine}" at ${ctx.host} is not reachable (${e.code}). ${START_ENGINE}`,
      e.message ?? null,
      ctx.engine,
    );
  }
  if (e.code && DENIED.has(e.code)) return permissionDenied(ctx, e);
  // Not an answer from Docker: its text (a file path of a missing certificate, say) stays in the server log.
  const id = logUnexpected(err, `engine ${ctx.engine}: ${ctx.action}`);
  return new DockerError(
    "engine_error",
    `Engine "${ctx.engine}" failed to ${ctx.action} (error id ${id}; the server log has the details).`,
    null,
    ctx.engine,
  );
}

function statusToCode(status: number): ErrorCode {
  if (status === 400) return "bad_request";
  if (status === 401 || status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  return "engine_error";
}
