import { describe, expect, it } from "vitest";
import { shellCommand } from "@/lib/api/shell";
import { splitWords } from "./shell-words";

const words = (line: string) => {
  const got = splitWords(line);
  if ("error" in got) throw new Error(`unexpected error: ${got.error}`);
  return got.words;
};
const error = (line: string) => {
  const got = splitWords(line);
  if (!("error" in got)) throw new Error(`expected an error, got ${JSON.stringify(got.words)}`);
  return got.error;
};

describe("splitWords", () => {
  it("splits on blanks and tabs, ignoring runs of them", () => {
    expect(words("  docker\trun  -d   x ")).toEqual(["docker", "run", "-d", "x"]);
  });

  it("keeps single-quoted text literally, double quotes inside included", () => {
    expect(words(`sh -c 'echo "hi there" $HOME | wc'`)).toEqual(["sh", "-c", 'echo "hi there" $HOME | wc']);
  });

  it("keeps single quotes inside double quotes", () => {
    expect(words(`echo "it's" "a'b'c"`)).toEqual(["echo", "it's", "a'b'c"]);
  });

  it("reads escaped quotes: \\\" inside double quotes, '\\'' to put a ' in single-quoted text", () => {
    expect(words(`echo "say \\"hi\\"" 'it'\\''s'`)).toEqual(["echo", 'say "hi"', "it's"]);
  });

  it("keeps a backslash before other characters inside double quotes, as a shell does", () => {
    expect(words(`echo "a\\nb" "c\\\\d"`)).toEqual(["echo", "a\\nb", "c\\d"]);
  });

  it("takes an escaped blank or operator outside quotes as part of the word", () => {
    expect(words("echo a\\ b c\\|d \\$x")).toEqual(["echo", "a b", "c|d", "$x"]);
  });

  it("keeps an empty quoted word as an argument of its own", () => {
    expect(words(`docker exec x sh -c '' ""`)).toEqual(["docker", "exec", "x", "sh", "-c", "", ""]);
    expect(words("a''b")).toEqual(["ab"]);
  });

  it("joins adjacent quoted and unquoted parts into one word", () => {
    expect(words(`--label=a"b c"'d'`)).toEqual(["--label=ab cd"]);
  });

  it("keeps a lone $ and braces (placeholders) literal", () => {
    expect(words("echo 5$ {tools} {{.Name}}")).toEqual(["echo", "5$", "{tools}", "{{.Name}}"]);
  });

  it("reads back every line shellCommand writes, word for word", () => {
    const samples = [
      ["docker", "run", "--name", "a b", "x"],
      ["it's", "", '"q"', "$(x)", "a|b", "`c`", "#d", "~e", "*", "\\", "tab\there"],
    ];
    for (const sample of samples) expect(words(shellCommand(...sample))).toEqual(sample);
  });

  it("refuses shell operators outside quotes, naming the operator and column", () => {
    expect(error("docker ps | grep x")).toBe(
      "shell operator | outside quotes at column 11: no shell runs lab commands (quote it)",
    );
    expect(error("a && b")).toContain("operator && outside quotes at column 3");
    expect(error("a;b")).toContain("operator ; outside quotes at column 2");
    expect(error("a > f")).toContain("operator > outside quotes");
    expect(error("a >> f")).toContain("operator >> outside quotes");
    expect(error("a < f")).toContain("operator < outside quotes");
    expect(error("a &")).toContain("operator & outside quotes");
    expect(error("(a)")).toContain("operator ( outside quotes");
  });

  it("refuses substitutions and variables outside single quotes", () => {
    expect(error("echo $(id)")).toContain("shell expansion $( outside quotes at column 6");
    expect(error("echo `id`")).toContain("command substitution ` outside quotes at column 6");
    expect(error("echo $HOME")).toContain("shell expansion $H outside quotes");
    expect(error(["echo $", "{x}"].join(""))).toContain("shell expansion ${ outside quotes");
    expect(error(`echo "$(id)"`)).toContain("shell expansion $( inside double quotes at column 7");
    expect(error('echo "`id`"')).toContain("shell expansion ` inside double quotes");
    expect(words(`echo "\\$(id)" '$(id)'`)).toEqual(["echo", "$(id)", "$(id)"]);
  });

  it("refuses what a shell would expand or skip: comments, ~, file patterns, line breaks", () => {
    expect(error("echo #x")).toContain("# at the start of a word (column 6) would start a comment");
    expect(words("echo a#b")).toEqual(["echo", "a#b"]);
    expect(error("ls ~/x")).toContain("would mean a home folder");
    expect(error("ls *.txt")).toContain("* at column 4 would be a file pattern");
    expect(error("curl http://x/?a")).toContain("? at column 15");
    expect(error("a\nb")).toContain("a line break at column 2");
  });

  it("refuses unbalanced quotes and a trailing backslash", () => {
    expect(error("echo 'abc")).toBe("unbalanced ' at column 6: the quote is never closed");
    expect(error(`echo "ab\\"`)).toBe('unbalanced " at column 6: the quote is never closed');
    expect(error("echo \\")).toContain("a backslash at the end (column 6)");
  });

  it("refuses an empty line", () => {
    expect(error("   ")).toBe("an empty command");
  });
});
