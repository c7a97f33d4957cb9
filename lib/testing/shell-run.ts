// For unit tests of the commands Netatlas shows for copying: runs a shown command line through a real /bin/sh, with
// the programs those commands call (docker, iptables, ip, nsenter, curl) replaced by shell functions that only
// print their arguments, in an empty directory and with a PATH that holds no program. What comes back is each call
// with its words exactly as the shell split them. Should a name escape its quotes, the words differ, a command
// substitution or `;` tries a program that is not there (stderr, exit status) or a redirection leaves a file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const TOOLS = ["docker", "iptables", "ip", "nsenter", "curl"];
// Each call prints its word count, its name and its words, each ended by NUL (no word given here holds a NUL).
const PRELUDE = TOOLS.map((t) => `${t}() { printf '%s\\0' "$#" ${t} "$@"; }`).join("\n");

export interface ShownRun {
  /** Each tool call, its name first, in the order the shell made them. */
  calls: string[][];
  /** Whatever the shell said on stderr (a program it could not find, a syntax error). */
  stderr: string;
  status: number | null;
  /** Files left in the working directory: a redirection ran. */
  leftovers: string[];
}

/** Runs `line` as `sh -c` would, with the tools replaced by printers; see the file's comment. */
export function runShown(line: string): ShownRun {
  const work = mkdtempSync(path.join(tmpdir(), "netatlas-shown-"));
  const noPrograms = mkdtempSync(path.join(tmpdir(), "netatlas-nopath-"));
  try {
    const run = spawnSync("/bin/sh", ["-c", `${PRELUDE}\n${line}`], {
      cwd: work,
      env: { NODE_ENV: "test", PATH: noPrograms, HOME: work },
      encoding: "utf8",
    });
    const parts = run.stdout.split("\0");
    const calls: string[][] = [];
    for (let i = 0; i + 1 < parts.length; ) {
      const count = Number(parts[i]);
      calls.push(parts.slice(i + 1, i + 2 + count));
      i += 2 + count;
    }
    return { calls, stderr: run.stderr, status: run.status, leftovers: readdirSync(work) };
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(noPrograms, { recursive: true, force: true });
  }
}

/**
 * Names a hostile engine could hold: shell syntax of every kind, quotes, line breaks, glob and tilde patterns,
 * leading dashes (an option, unless after `--`), a comment sign. Docker accepts almost anything for a network name.
 */
export const HOSTILE_NAMES = [
  "$(touch pwned1)",
  "`touch pwned2`",
  "a;touch pwned3",
  "a && touch pwned4",
  "a|touch pwned5",
  "x > pwned6",
  "'; touch pwned7; '",
  '"; touch pwned8; "',
  "it's",
  "my net",
  "line1\nline2",
  "tab\there",
  "$HOME",
  "*",
  "~root",
  "{a,b}",
  "#not-a-comment",
  "back\\slash",
  "!",
  "-rf",
  "--help",
  "-",
  "é net",
];

/** The operands of a command as the builders must give them: after `--` when one starts with "-". */
export function expectedOperands(...words: string[]): string[] {
  return words.some((w) => w.startsWith("-")) ? ["--", ...words] : words;
}
