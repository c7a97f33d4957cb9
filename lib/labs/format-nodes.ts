// Reading a lab file's YAML tree by hand rather than through a schema library: every value is checked where it
// stands, so each problem names the line it is on ("bridges.yaml line 14: steps[1].check.probe: …"), and a key
// nobody expects (a typo like `narations`) is an error instead of being dropped. Pure: used by lib/labs/format.ts.
import { isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";

/** A value as found in the file: its node (null when the key is there with no value) and the line it is on. */
export interface Found {
  node: Node | null;
  line: number;
  path: string;
}

/** The problems of one file, each with its line; read back sorted by line. */
export class Problems {
  private readonly found: Array<{ line: number; text: string }> = [];

  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  lineAt(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  lineOf(node: Node | null | undefined, fallback: number): number {
    return node?.range ? this.lineAt(node.range[0]) : fallback;
  }

  add(line: number, path: string, what: string): void {
    this.found.push({ line, text: `${this.file} line ${line}: ${path || "(top)"}: ${what}` });
  }

  get count(): number {
    return this.found.length;
  }

  list(): string[] {
    return [...this.found].sort((a, b) => a.line - b.line).map((f) => f.text);
  }
}

/** Joins a path and a key the way the messages show it: `steps[1].check.probe`. */
export const child = (path: string, key: string | number): string =>
  typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;

function refuseAlias(at: Found, p: Problems): boolean {
  if (!isAlias(at.node)) return false;
  p.add(at.line, at.path, "anchors and aliases (*name) are not used in lab files: write the value out");
  return true;
}

const isNull = (at: Found) => at.node === null || (isScalar(at.node) && at.node.value === null);

/**
 * The keys of a mapping, each as Found; problems for a non-mapping, an unknown key (with the nearest known one)
 * and a missing required key (on the mapping's first line).
 */
export function readMap(
  at: Found,
  keys: { required: readonly string[]; optional: readonly string[] },
  p: Problems,
): Map<string, Found> | null {
  if (refuseAlias(at, p)) return null;
  if (!isMap(at.node)) {
    p.add(at.line, at.path, `a mapping (key: value lines), not ${shown(at.node)}`);
    return null;
  }
  const known = [...keys.required, ...keys.optional];
  const out = new Map<string, Found>();
  for (const pair of at.node.items) {
    const keyNode = pair.key as Node | null;
    const line = p.lineOf(keyNode, at.line);
    const key = isScalar(keyNode) ? keyNode.value : null;
    if (typeof key !== "string") {
      p.add(line, at.path, `keys are plain words, not ${shown(keyNode)}`);
      continue;
    }
    const path = child(at.path, key);
    if (!known.includes(key)) {
      const near = nearest(key, known);
      p.add(
        line,
        path,
        `unknown key${near ? ` (did you mean ${near}?)` : ""}; expected one of ${known.join(", ")}`,
      );
      continue;
    }
    const value = (pair.value as Node | null) ?? null;
    out.set(key, { node: value, line: p.lineOf(value, line), path });
  }
  for (const key of keys.required) {
    if (!out.has(key)) p.add(at.line, child(at.path, key), "missing (required)");
  }
  // A key written with no value is more likely a slip than a choice: say so rather than guess.
  for (const [key, found] of out) {
    if (!isNull(found)) continue;
    const optional = keys.optional.includes(key);
    p.add(
      found.line,
      found.path,
      optional ? "has no value (give it one, or leave the key out)" : "has no value (required)",
    );
    out.delete(key);
  }
  return out;
}

/** A string without its trailing blanks and line breaks (a `|` block ends with one); inner lines are kept. */
export function readString(at: Found, p: Problems, opts: { allowEmpty?: boolean } = {}): string | null {
  if (refuseAlias(at, p)) return null;
  if (!isScalar(at.node) || typeof at.node.value !== "string") {
    p.add(at.line, at.path, `a string, not ${shown(at.node)} (put it in quotes)`);
    return null;
  }
  const value = at.node.value.trimEnd();
  if (!opts.allowEmpty && value.trim() === "") {
    p.add(at.line, at.path, "must not be empty");
    return null;
  }
  return value;
}

export function readInteger(at: Found, p: Problems, min: number, max: number): number | null {
  if (refuseAlias(at, p)) return null;
  const value = isScalar(at.node) ? at.node.value : undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    p.add(at.line, at.path, `a whole number from ${min} to ${max}, not ${shown(at.node)}`);
    return null;
  }
  if (value < min || value > max) {
    p.add(at.line, at.path, `a whole number from ${min} to ${max}, not ${value}`);
    return null;
  }
  return value;
}

export function readChoice<T extends string>(at: Found, choices: readonly T[], p: Problems): T | null {
  if (refuseAlias(at, p)) return null;
  const value = isScalar(at.node) ? at.node.value : undefined;
  if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
  const found = typeof value === "string" ? `"${value}"` : shown(at.node);
  p.add(at.line, at.path, `one of ${choices.join(", ")}, not ${found}`);
  return null;
}

/** The items of a list, each as Found. */
export function readList(at: Found, p: Problems): Found[] | null {
  if (refuseAlias(at, p)) return null;
  if (!isSeq(at.node)) {
    p.add(at.line, at.path, `a list (lines starting with "- ", or [a, b]), not ${shown(at.node)}`);
    return null;
  }
  return at.node.items.map((item, i) => {
    const node = (item as Node | null) ?? null;
    return { node, line: p.lineOf(node, at.line), path: child(at.path, i) };
  });
}

/** How a value reads in a message: "a list", "a number (80)". */
export function shown(node: Node | null | undefined): string {
  if (!node) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isAlias(node)) return "an alias";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "nothing";
    if (typeof v === "string") return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
    if (typeof v === "number") return `a number (${v})`;
    if (typeof v === "boolean") return `${v} (a yes/no value)`;
  }
  return "a value of another kind";
}

/** The known key closest to a typo (at most 2 edits away), if any. */
function nearest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(word, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost);
    }
    row = next;
  }
  return row[b.length] ?? 0;
}
