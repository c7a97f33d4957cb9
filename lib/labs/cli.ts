// The one place Netatlas runs the docker CLI: a lab's commands, exactly as shown to the student (lib/labs/runner.ts),
// and Reset's listing and removal (lib/labs/reset.ts). `execFile`, never a shell: the words are the argv. The
// engine is the CLI's DOCKER_HOST (and DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) from its configuration, nothing
// inherited; each command has 30 s and one of the server's child-process slots; its output is streamed line by
// line and kept up to 64 KiB.
import "server-only";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/api/errors";
import type { EngineConfig } from "@/lib/docker/config";
import { withProcessSlot } from "@/lib/http/limits";

export const CLI_LIMITS = {
  /** Wall time of one command; then it is killed. */
  timeoutMs: 30_000,
  /** Output kept and streamed per command (stdout and stderr together); the rest is dropped, saying so. */
  maxOutputBytes: 64 * 1024,
} as const;

/** Past this the process is killed: a runaway command must not fill memory with what nobody is shown. */
const HARD_BUFFER_BYTES = 1024 * 1024;

export interface CliResult {
  /** The process's exit status; -1 when it was killed (timeout, client gone) or could not start. */
  exitCode: number;
  ok: boolean;
  stdout: string;
  stderr: string;
  /** Docker's own words when it failed: the last non-empty lines of stderr (or stdout). */
  message: string;
  timedOut: boolean;
  /** More than CLI_LIMITS.maxOutputBytes came out; the rest was not kept. */
  truncated: boolean;
}

/**
 * The environment the CLI sees: this server's, without anything that could point it at another engine
 * (DOCKER_*: host, context, TLS), plus the engine's own settings.
 */
export function dockerEnv(engine: EngineConfig, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith("DOCKER_")) env[key] = value;
  }
  env.DOCKER_HOST = engine.host;
  if (engine.tlsVerify) {
    env.DOCKER_TLS_VERIFY = "1";
    if (engine.certPath) env.DOCKER_CERT_PATH = engine.certPath;
  }
  // The CLI's "What's next" hints and update checks are noise in a lesson's output.
  env.DOCKER_CLI_HINTS = "false";
  return env as NodeJS.ProcessEnv;
}

/** Where the docker CLI is on PATH, or null: without it no lab can run (GET /api/labs says so). */
export function dockerCliPath(env: Record<string, string | undefined> = process.env): string | null {
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, "docker");
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** Splits a stream of chunks into lines, handing each complete one on; `end` gives the last partial line. */
class Lines {
  private partial = "";
  constructor(private readonly onLine: (text: string) => void) {}
  write(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    for (const line of parts) this.onLine(line.replace(/\r$/, ""));
  }
  end(): void {
    if (this.partial) this.onLine(this.partial.replace(/\r$/, ""));
    this.partial = "";
  }
}

/** The last few non-empty lines of what the CLI said: Docker's message ("Error response from daemon: …"). */
export function lastWords(text: string, lines = 3): string {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-lines)
    .join("\n");
}

export interface RunOptions {
  /** Each output line (stdout and stderr) as it comes, up to the output cap. */
  onLine?: (text: string, stream: "stdout" | "stderr") => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Runs `docker <argv>` against `engine`; resolves however it ends (a failed command is a result, not a throw). */
export async function runDocker(
  engine: EngineConfig,
  argv: string[],
  options: RunOptions = {},
): Promise<CliResult> {
  const { onLine, signal, timeoutMs = CLI_LIMITS.timeoutMs } = options;
  if (signal?.aborted) throw new AppError("bad_request", "Stopped: the client went away.");
  return withProcessSlot(
    () =>
      new Promise<CliResult>((resolve, reject) => {
        let kept = 0;
        let truncated = false;
        const stdout: string[] = [];
        const stderr: string[] = [];
        const take = (text: string, stream: "stdout" | "stderr") => {
          const bytes = Buffer.byteLength(text) + 1;
          if (kept + bytes > CLI_LIMITS.maxOutputBytes) {
            if (!truncated) onLine?.(`(output cut at ${CLI_LIMITS.maxOutputBytes / 1024} KiB)`, stream);
            truncated = true;
            return;
          }
          kept += bytes;
          (stream === "stdout" ? stdout : stderr).push(text);
          onLine?.(text, stream);
        };
        const outLines = new Lines((t) => take(t, "stdout"));
        const errLines = new Lines((t) => take(t, "stderr"));
        const child = execFile(
          "docker",
          argv,
          {
            env: dockerEnv(engine),
            encoding: "utf8",
            timeout: timeoutMs,
            killSignal: "SIGKILL",
            maxBuffer: HARD_BUFFER_BYTES,
            signal,
            windowsHide: true,
          },
          (err) => {
            outLines.end();
            errLines.end();
            const e = err as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean }) | null;
            if (e?.code === "ENOENT" && !child.pid) {
              reject(
                new AppError(
                  "conflict",
                  "The docker CLI is not installed on this server (not found on PATH): labs run their commands with it.",
                  e.message,
                ),
              );
              return;
            }
            if (e?.name === "AbortError" || signal?.aborted) {
              reject(new AppError("bad_request", "Stopped: the client went away."));
              return;
            }
            const overflow = e?.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER";
            const timedOut = !!e?.killed && !overflow;
            const exitCode = !e ? 0 : typeof e.code === "number" ? e.code : -1;
            const out = stdout.join("\n");
            const errText = stderr.join("\n");
            let message = lastWords(errText) || (exitCode !== 0 ? lastWords(out) : "");
            if (overflow) message = `killed: more than ${HARD_BUFFER_BYTES / 1024} KiB of output`;
            if (timedOut) {
              message = `killed after ${timeoutMs / 1000} s (the limit for one command)${message ? `: ${message}` : ""}`;
            }
            resolve({
              exitCode,
              ok: exitCode === 0 && !timedOut,
              stdout: out,
              stderr: errText,
              message,
              timedOut,
              truncated,
            });
          },
        );
        child.stdout?.on("data", (chunk: string) => outLines.write(chunk));
        child.stderr?.on("data", (chunk: string) => errLines.write(chunk));
      }),
  );
}
