// A lab's command lines are written as a person types them in a shell, but no shell ever runs them: this splits a
// line into its words (argv) with POSIX quoting ('…', "…", backslash) and refuses everything a shell would do
// beyond splitting (pipes, redirections, command lists, substitutions, variables, comments, file patterns). What
// is left means the same when run as argv and when pasted into a shell, so what a lab shows is what runs.
// Pure: used by lib/labs/format.ts and its tests.

export type SplitWords = { words: string[] } | { error: string };

/** Characters a shell treats as operators or grouping outside quotes. */
const OPERATORS = new Set(["|", "&", ";", "<", ">", "(", ")"]);
/** Unquoted, a shell would expand these as a file pattern (when a file matches) or a home folder. */
const PATTERN = new Set(["*", "?", "["]);

const isBlank = (c: string) => c === " " || c === "\t";

/** What `$` starts at `line[i]` in a shell, when it starts an expansion at all (a lone `$` stays literal). */
function expansionAt(line: string, i: number): string | null {
  const next = line[i + 1] ?? "";
  if (next === "(") return "$(";
  if (next === "{") return "${";
  if (/[A-Za-z0-9_@*#?$!-]/.test(next)) return `$${next}`;
  return null;
}

/**
 * Splits a command line into words. An empty quoted word ('' or "") is an argument of its own. Errors say what a
 * shell would have done and where (column from 1).
 */
export function splitWords(line: string): SplitWords {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  const at = (i: number) => `column ${i + 1}`;
  let i = 0;
  while (i < line.length) {
    const c = line[i] ?? "";
    if (isBlank(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
      continue;
    }
    if (c === "\n" || c === "\r") {
      return {
        error: `a line break at ${at(i)} would end the command in a shell: write one command per entry`,
      };
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: `unbalanced ' at ${at(i)}: the quote is never closed` };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      const read = readDoubleQuoted(line, i);
      if ("error" in read) return read;
      word += read.text;
      inWord = true;
      i = read.next;
      continue;
    }
    if (c === "\\") {
      const next = line[i + 1];
      if (next === undefined) return { error: `a backslash at the end (${at(i)}) escapes nothing` };
      if (next !== "\n") {
        word += next;
        inWord = true;
      }
      i += 2;
      continue;
    }
    if (OPERATORS.has(c)) {
      const op = line[i + 1] === c && "|&<>".includes(c) ? c + c : c;
      return {
        error: `shell operator ${op} outside quotes at ${at(i)}: no shell runs lab commands (quote it)`,
      };
    }
    if (c === "`")
      return { error: `command substitution \` outside quotes at ${at(i)}: no shell runs lab commands` };
    if (c === "$") {
      const exp = expansionAt(line, i);
      if (exp)
        return { error: `shell expansion ${exp} outside quotes at ${at(i)}: no shell runs lab commands` };
    }
    if (!inWord && (c === "#" || c === "~")) {
      const what = c === "#" ? "start a comment" : "mean a home folder";
      return { error: `${c} at the start of a word (${at(i)}) would ${what} in a shell: quote it` };
    }
    if (PATTERN.has(c)) return { error: `${c} at ${at(i)} would be a file pattern in a shell: quote it` };
    word += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(word);
  if (words.length === 0) return { error: "an empty command" };
  return { words };
}

/** Reads "…" starting at `start` (the opening quote): backslash escapes only " \ $ ` and a line break. */
function readDoubleQuoted(line: string, start: number): { text: string; next: number } | { error: string } {
  let text = "";
  let i = start + 1;
  while (i < line.length) {
    const c = line[i] ?? "";
    if (c === '"') return { text, next: i + 1 };
    if (c === "\\") {
      const next = line[i + 1];
      if (next !== undefined && '"\\$`\n'.includes(next)) {
        if (next !== "\n") text += next;
        i += 2;
        continue;
      }
      text += c;
      i++;
      continue;
    }
    if (c === "`" || (c === "$" && expansionAt(line, i))) {
      const what = c === "`" ? "`" : expansionAt(line, i);
      return {
        error: `shell expansion ${what} inside double quotes at column ${i + 1}: a shell would expand it (use single quotes)`,
      };
    }
    text += c;
    i++;
  }
  return { error: `unbalanced " at column ${start + 1}: the quote is never closed` };
}
