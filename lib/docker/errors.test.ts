// toDockerError: what dockerode and the socket throw, typed by statusCode and socket error code (never by
// message text), with Docker's own message kept verbatim in `detail` and the engine id kept.
import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/api/errors";
import { type CallContext, DockerError, toDockerError } from "./errors";

const ctx: CallContext = {
  engine: "lab-a",
  host: "unix:///run/netatlas/a.sock",
  action: "inspect container web1",
};

/** What docker-modem rejects with for an HTTP error answer: statusCode plus the parsed JSON body. */
function httpError(statusCode: number, dockerMessage: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${dockerMessage} `), {
    statusCode,
    reason: "unexpected",
    json: { message: dockerMessage },
  });
}

/** What Node's net module rejects with when the socket cannot be used. */
function socketError(code: string, syscall = "connect"): Error {
  return Object.assign(new Error(`${syscall} ${code} /run/netatlas/a.sock`), { code, errno: -2, syscall });
}

describe("HTTP errors from the engine", () => {
  it.each([
    [400, "bad_request", "invalid reference format"],
    [401, "forbidden", "authorization denied by plugin"],
    [403, "forbidden", "authorization denied by plugin"],
    [404, "not_found", "No such container: web1"],
    [409, "conflict", 'Conflict. The container name "/web1" is already in use'],
    [500, "engine_error", "driver failed programming external connectivity"],
    [503, "engine_error", "This node is not a swarm manager."],
  ] as const)("maps %i to %s and keeps Docker's message verbatim", (status, code, dockerMessage) => {
    const error = toDockerError(httpError(status, dockerMessage), ctx);
    expect(error).toBeInstanceOf(DockerError);
    expect(error).toBeInstanceOf(AppError);
    expect(error.name).toBe("DockerError");
    expect(error.code).toBe(code);
    expect(error.detail).toBe(dockerMessage);
    expect(error.engine).toBe("lab-a");
    expect(error.message).toBe(`Could not inspect container web1: ${dockerMessage}`);
  });

  it("maps by status code, not by what the message says", () => {
    const error = toDockerError(httpError(409, "No such container: web1"), ctx);
    expect(error.code).toBe("conflict");
  });

  it("falls back to the error's own message when the body was not JSON", () => {
    const err = Object.assign(new Error("(HTTP code 502) unexpected - bad gateway"), {
      statusCode: 502,
      json: null,
    });
    const error = toDockerError(err, ctx);
    expect(error.code).toBe("engine_error");
    expect(error.detail).toBe("(HTTP code 502) unexpected - bad gateway");
  });

  it("names the status when there is no message at all", () => {
    const error = toDockerError({ statusCode: 404 }, ctx);
    expect(error.code).toBe("not_found");
    expect(error.message).toBe("Could not inspect container web1: HTTP 404");
    expect(error.detail).toBeNull();
  });

  it("puts the engine id into the wire form", () => {
    expect(toDockerError(httpError(404, "No such network: x"), ctx).toJSON()).toEqual({
      code: "not_found",
      message: "Could not inspect container web1: No such network: x",
      detail: "No such network: x",
      engine: "lab-a",
    });
  });
});

describe("socket errors", () => {
  it.each(["ENOENT", "ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENOTFOUND"])(
    "maps %s to engine_unreachable, naming the engine and its address",
    (code) => {
      const err = socketError(code);
      const error = toDockerError(err, ctx);
      expect(error.code).toBe("engine_unreachable");
      expect(error.engine).toBe("lab-a");
      expect(error.message).toContain(
        'Docker engine "lab-a" at unix:///run/netatlas/a.sock is not reachable',
      );
      expect(error.message).toContain(`(${code})`);
      expect(error.message).toContain("DOCKER_HOST");
      expect(error.detail).toBe(err.message);
    },
  );

  it.each(["EACCES", "EPERM"])("maps %s to permission_denied, naming the socket", (code) => {
    const err = socketError(code);
    const error = toDockerError(err, ctx);
    expect(error.code).toBe("permission_denied");
    expect(error.engine).toBe("lab-a");
    expect(error.message).toContain("Permission denied on unix:///run/netatlas/a.sock");
    expect(error.message).toContain("docker group");
    expect(error.detail).toBe(err.message);
  });
});

describe("timeouts", () => {
  it("is a timeout when our timer fired, whatever the error looks like", () => {
    const error = toDockerError(socketError("ECONNRESET"), { ...ctx, timedOut: true });
    expect(error.code).toBe("timeout");
    expect(error.message).toBe(
      'Engine "lab-a" did not answer in time while trying to inspect container web1.',
    );
    expect(error.detail).toBe("connect ECONNRESET /run/netatlas/a.sock");
    expect(error.engine).toBe("lab-a");
  });

  it("is a timeout for an AbortError", () => {
    const abort = Object.assign(new Error("The operation was aborted"), { name: "AbortError" });
    const error = toDockerError(abort, ctx);
    expect(error.code).toBe("timeout");
    expect(error.detail).toBe("The operation was aborted");
  });

  it("is a timeout for the DOMException of AbortSignal.timeout()", () => {
    const error = toDockerError(new DOMException("The operation timed out.", "TimeoutError"), ctx);
    expect(error.code).toBe("timeout");
    expect(error.detail).toBe("The operation timed out.");
  });

  it("is a timeout for a socket that timed out (ETIMEDOUT)", () => {
    expect(toDockerError(socketError("ETIMEDOUT"), ctx).code).toBe("timeout");
  });

  it("takes the timeout over an HTTP status", () => {
    expect(toDockerError(httpError(500, "boom"), { ...ctx, timedOut: true }).code).toBe("timeout");
  });
});

describe("anything else", () => {
  it("is an engine_error that names an error id, and keeps the original text in the server log only", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const error = toDockerError(
        new Error("ENOENT: no such file or directory, open '/etc/secret/ca.pem'"),
        ctx,
      );
      expect(error.code).toBe("engine_error");
      expect(error.message).toMatch(
        /^Engine "lab-a" failed to inspect container web1 \(error id [0-9a-f]{8}; the server log has the details\)\.$/,
      );
      expect(error.detail).toBeNull();
      expect(JSON.stringify(error.toJSON())).not.toContain("/etc/secret");
      const id = /error id ([0-9a-f]{8})/.exec(error.message)?.[1];
      expect(String(log.mock.calls[0]?.[0])).toContain(`unexpected error ${id}`);
      expect(String(log.mock.calls[0]?.[1])).toContain("/etc/secret/ca.pem");
      expect(error.engine).toBe("lab-a");
    } finally {
      log.mockRestore();
    }
  });

  it("is an engine_error for an unknown socket code", () => {
    expect(toDockerError(socketError("EPROTO"), ctx).code).toBe("engine_error");
  });

  it("logs a thrown string, not answering it", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = toDockerError("unexpected end of stream", ctx);
    log.mockRestore();
    expect(error.code).toBe("engine_error");
    expect(error.detail).toBeNull();
  });

  it("survives null and undefined", () => {
    expect(toDockerError(null, ctx).code).toBe("engine_error");
    expect(toDockerError(undefined, ctx).code).toBe("engine_error");
  });

  it("passes a DockerError through unchanged, keeping its engine", () => {
    const original = new DockerError("not_found", "gone", "No such container: x", "lab-b");
    expect(toDockerError(original, ctx)).toBe(original);
  });
});
