// shellWord / shellCommand: whatever a name holds (spaces, quotes, $(…), backticks, ;, newlines), a real POSIX
// shell reads it back as exactly one word, equal to the name, and runs nothing; plain words stay unquoted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { randomInt, seededRandom } from "@/lib/testing/topology-builders";
import { operands, shellCommand, shellWord } from "./shell";

// The shell runs in an empty directory of its own, with a PATH that holds no program: should a word escape its
// quotes, only builtins could run, and a redirection would leave a file behind to be noticed.
const work = mkdtempSync(path.join(tmpdir(), "netatlas-shell-"));
const noPrograms = mkdtempSync(path.join(tmpdir(), "netatlas-nopath-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(noPrograms, { recursive: true, force: true });
});

/** The arguments /bin/sh passes to printf for the command-line text `words`. */
function argumentsOf(words: string): string[] {
  const out = execFileSync("/bin/sh", ["-c", `printf '%s\\0' ${words}`], {
    cwd: work,
    env: { NODE_ENV: "test", PATH: noPrograms },
    encoding: "utf8",
  });
  return out.split("\0").slice(0, -1);
}

const HOSTILE = [
  "my network",
  "$(rm -rf /)",
  "`rm -rf /`",
  "$(echo pwned > canary1)",
  "`echo pwned > canary2`",
  "x; echo pwned > canary3",
  "'; echo pwned > canary4; '",
  '"; echo pwned > canary5; "',
  "a && echo pwned > canary6",
  "a | echo pwned > canary7",
  "it's",
  "'",
  "''",
  "'\\''",
  '"double"',
  "a;b",
  "line1\nline2",
  "trailing newline\n",
  "tab\there",
  "carriage\rreturn",
  "$HOME",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, on purpose
  "${PATH}",
  "$IFS",
  "*",
  "?",
  "[a-z]*",
  "~root",
  "{a,b}",
  "a>b",
  "<in",
  "back\\slash",
  "\\",
  "!",
  "#not a comment",
  "-rf",
  "",
  " ",
  "é net",
];

describe("shellWord", () => {
  it.each([
    "web",
    "natest-95a2f2-app",
    "10.20.0.0/24",
    "--subnet=10.0.0.0/8",
    "a_b.c",
    "k:v,w",
    "x@y",
    "50%",
    "a+b",
  ])("leaves the plain word %j unquoted", (word) => {
    expect(shellWord(word)).toBe(word);
    expect(argumentsOf(shellWord(word))).toEqual([word]);
  });

  it("quotes a word with single quotes, closing and escaping its own", () => {
    expect(shellWord("my network")).toBe("'my network'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord("$(rm -rf /)")).toBe("'$(rm -rf /)'");
    expect(shellWord("")).toBe("''");
  });

  it.each(HOSTILE)("makes %j one shell word equal to it", (word) => {
    expect(argumentsOf(shellWord(word))).toEqual([word]);
  });

  it("is what the check needs: an unquoted name would split and expand", () => {
    expect(argumentsOf("my network")).toEqual(["my", "network"]);
    expect(argumentsOf("$PATH")).toEqual([noPrograms]);
  });

  it("runs nothing that a name holds", () => {
    expect(argumentsOf(HOSTILE.map(shellWord).join(" "))).toEqual(HOSTILE);
    // No redirection ran: the canary files were never written.
    expect(readdirSync(work)).toEqual([]);
  });

  it("makes random names of printable characters, quotes and newlines one word each", () => {
    const random = seededRandom(20_260_101);
    const alphabet = ` \t\n!"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_\`abcxyz{|}~é`;
    const names = Array.from({ length: 200 }, () =>
      Array.from(
        { length: 1 + randomInt(random, 12) },
        () => alphabet[randomInt(random, alphabet.length)],
      ).join(""),
    );
    expect(argumentsOf(names.map(shellWord).join(" "))).toEqual(names);
    expect(readdirSync(work)).toEqual([]);
  });
});

describe("shellCommand", () => {
  it("joins the words, quoting only those that need it", () => {
    expect(shellCommand("docker", "network", "create", "--subnet", "10.1.0.0/24", "my net")).toBe(
      "docker network create --subnet 10.1.0.0/24 'my net'",
    );
  });

  it("gives a command line a shell splits back into exactly the words given", () => {
    const words = ["docker", "network", "connect", "--alias", "a;b", "$(rm -rf /)", "it's\nme", ""];
    expect(argumentsOf(shellCommand(...words))).toEqual(words);
    const all = ["docker", "network", "rm", ...HOSTILE];
    expect(argumentsOf(shellCommand(...all))).toEqual(all);
    expect(readdirSync(work)).toEqual([]);
  });
});

describe("operands", () => {
  it("leaves names that cannot be read as an option alone", () => {
    expect(operands("web", "api")).toEqual(["web", "api"]);
    expect(operands()).toEqual([]);
    expect(operands("a-b", "")).toEqual(["a-b", ""]);
  });

  it("puts -- before them when one starts with a dash, so the tool reads it as a name", () => {
    expect(operands("-rf")).toEqual(["--", "-rf"]);
    expect(operands("web", "--help")).toEqual(["--", "web", "--help"]);
    expect(shellCommand("docker", "network", "rm", ...operands("-x", "$(id)"))).toBe(
      "docker network rm -- -x '$(id)'",
    );
    expect(argumentsOf(shellCommand("docker", "network", "rm", ...operands("-", "it's")))).toEqual([
      "docker",
      "network",
      "rm",
      "--",
      "-",
      "it's",
    ]);
  });
});
