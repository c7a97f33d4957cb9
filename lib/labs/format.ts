// A lab file (YAML, docs/labs.md "Writing a lab") to the LabDto the API serves, or every problem in it, each
// naming its line ("bridges.yaml line 14: steps[1].check.probe: one of ping, tcp, http, dns, not \"pong\"").
// Commands are checked here once, when the library loads: split into argv without a shell, limited to a short list
// of docker subcommands, held to the safety rule, given the lab label; `line` is built from the same argv, so what
// is shown is exactly what runs. Pure: used by lib/labs/library.ts and tests.
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import type { LabCommand, LabDto, LabStep } from "@/lib/api/labs";
import { shellCommand } from "@/lib/api/shell";
import { readCheck } from "./format-check";
import { checkCommand, type LabMade, labMade } from "./format-commands";
import { child, type Found, Problems, readChoice, readList, readMap, readString } from "./format-nodes";
import { splitWords } from "./shell-words";

export { LAB_SUBCOMMANDS } from "./format-commands";

/** What the placeholders stand for: {tools} the lab image, {parent} the engine host's uplink (macvlan, ipvlan). */
export interface LabParseOptions {
  image?: string;
  parent?: string;
}

export const LAB_DEFAULT_IMAGE = "netatlas/lab:1";
export const LAB_DEFAULT_PARENT = "eth0";

export type LabParseResult = { lab: LabDto } | { errors: string[] };

const LAB_ID = /^[a-z0-9-]{2,40}$/;
const FOCUS = /^(container|network|service):\S+$/;
const CONCEPT = /^[a-z0-9][a-z0-9-]*$/;

const ROOT_KEYS = { required: ["id", "title", "summary", "level", "needs", "steps"], optional: ["concepts"] };
const STEP_KEYS = {
  required: ["title", "narration"],
  optional: ["run", "focus", "check", "task", "solution"],
};
const COMMAND_KEYS = { required: ["cmd"], optional: ["expect-failure", "on"] };

/** The file's name without folders; messages and the id rule use it. */
const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** Reads one lab file. `file` names it in messages; its name without .yaml must equal the lab's id. */
export function parseLab(text: string, file: string, opts: LabParseOptions = {}): LabParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const name = baseName(file);
  const p = new Problems(name, lineCounter);
  for (const e of doc.errors) p.add(p.lineAt(e.pos[0]), "YAML", e.message.split("\n")[0] ?? e.message);
  if (p.count > 0) return { errors: p.list() };

  const keys = readMap({ node: doc.contents, line: 1, path: "" }, ROOT_KEYS, p);
  if (!keys) return { errors: p.list() };
  const get = (key: string): Found => keys.get(key) ?? { node: null, line: 1, path: key };
  const fileId = name.replace(/\.ya?ml$/, "");

  const id = keys.has("id") ? readString(get("id"), p) : null;
  if (id !== null && !LAB_ID.test(id)) {
    p.add(get("id").line, "id", "2 to 40 characters: lowercase letters, digits and -");
  } else if (id !== null && id !== fileId) {
    p.add(get("id").line, "id", `"${id}" must equal the file's name without .yaml ("${fileId}")`);
  }
  const title = keys.has("title") ? readString(get("title"), p) : null;
  const summary = keys.has("summary") ? readString(get("summary"), p) : null;
  const level = keys.has("level")
    ? readChoice(get("level"), ["beginner", "intermediate", "advanced"] as const, p)
    : null;
  const needs = keys.has("needs") ? readChoice(get("needs"), ["one-engine", "swarm"] as const, p) : null;
  const concepts = keys.has("concepts") ? readSlugs(get("concepts"), p) : [];

  const lab: LabContext = {
    id: id ?? fileId,
    swarm: needs === "swarm",
    image: opts.image ?? LAB_DEFAULT_IMAGE,
    parent: opts.parent ?? LAB_DEFAULT_PARENT,
    made: labMade(),
    images: [],
  };
  const stepItems = keys.has("steps") ? readList(get("steps"), p) : null;
  if (stepItems?.length === 0) p.add(get("steps").line, "steps", "at least one step");
  const steps = (stepItems ?? []).map((item) => readStep(item, lab, p));

  if (p.count > 0 || !id || !title || !summary || !level || !needs || !concepts) return { errors: p.list() };
  return {
    lab: {
      id,
      title,
      summary,
      level,
      needs,
      concepts,
      images: lab.images,
      steps: steps.filter((s): s is LabStep => s !== null),
    },
  };
}

/** What the commands of one lab share while its file is read in order. */
interface LabContext {
  id: string;
  swarm: boolean;
  image: string;
  parent: string;
  made: LabMade;
  /** Distinct images of its run, create and service commands, in order of first use. */
  images: string[];
}

function readSlugs(at: Found, p: Problems): string[] | null {
  const items = readList(at, p);
  if (!items) return null;
  const out: string[] = [];
  for (const item of items) {
    const slug = readString(item, p);
    if (slug === null) continue;
    if (CONCEPT.test(slug)) out.push(slug);
    else p.add(item.line, item.path, `a concept id (lowercase letters, digits and -), not "${slug}"`);
  }
  return out;
}

function readStep(at: Found, lab: LabContext, p: Problems): LabStep | null {
  const before = p.count;
  const keys = readMap(at, STEP_KEYS, p);
  if (!keys) return null;
  const get = (key: string): Found =>
    keys.get(key) ?? { node: null, line: at.line, path: child(at.path, key) };
  const title = keys.has("title") ? readString(get("title"), p) : null;
  const narration = keys.has("narration") ? readString(get("narration"), p) : null;
  // In file order: a step's run commands, then its solution (later steps assume the fix was made).
  const run = keys.has("run") ? readCommands(get("run"), lab, p) : [];
  const task = keys.has("task") ? readString(get("task"), p) : null;
  const solution = keys.has("solution") ? readCommands(get("solution"), lab, p) : [];
  const focus = keys.has("focus") ? readFocus(get("focus"), p) : [];
  const check = keys.has("check") ? readCheck(get("check"), lab.made.containers, p) : null;
  if (p.count > before || !title || !narration) return null;
  return { title, narration, run, task, solution, focus, check };
}

function readFocus(at: Found, p: Problems): string[] {
  const items = readList(at, p) ?? [];
  const out: string[] = [];
  for (const item of items) {
    const entry = readString(item, p);
    if (entry === null) continue;
    if (FOCUS.test(entry)) out.push(entry);
    else p.add(item.line, item.path, `container:NAME, network:NAME or service:NAME, not "${entry}"`);
  }
  return out;
}

function readCommands(at: Found, lab: LabContext, p: Problems): LabCommand[] {
  const out: LabCommand[] = [];
  for (const item of readList(at, p) ?? []) {
    const command = readCommand(item, lab, p);
    if (command) out.push(command);
  }
  return out;
}

/** One command: a plain string, or { cmd, expect-failure, on }. */
function readCommand(at: Found, lab: LabContext, p: Problems): LabCommand | null {
  let cmd: Found = at;
  let expectFailure: string | null = null;
  let on: LabCommand["on"] = "manager";
  if (isSeq(at.node)) {
    p.add(at.line, at.path, "a command: a string, or a mapping with cmd (and expect-failure, on)");
    return null;
  }
  if (isMap(at.node)) {
    const keys = readMap(at, COMMAND_KEYS, p);
    if (!keys) return null;
    const found = keys.get("cmd");
    if (!found) return null;
    cmd = found;
    const failure = keys.get("expect-failure");
    if (failure) expectFailure = readString(failure, p);
    const where = keys.get("on");
    if (where) {
      on = readChoice(where, ["manager", "worker"] as const, p) ?? on;
      if (on === "worker" && !lab.swarm)
        p.add(where.line, where.path, "on: worker only in labs with needs: swarm");
    }
  }
  const text = readString(cmd, p);
  if (text === null) return null;
  const split = splitWords(text.trim());
  if ("error" in split) {
    p.add(cmd.line, cmd.path, split.error);
    return null;
  }
  const checked = checkCommand(split.words, { ...lab, labId: lab.id, on });
  if ("error" in checked) {
    p.add(cmd.line, cmd.path, checked.error);
    return null;
  }
  for (const image of checked.images) if (!lab.images.includes(image)) lab.images.push(image);
  return { line: shellCommand("docker", ...checked.argv), argv: checked.argv, expectFailure, on };
}
