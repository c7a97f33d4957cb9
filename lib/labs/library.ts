// The labs this server offers: the shipped ones (lib/labs/library/*.yaml) and an operator's own
// (NETATLAS_LABS_DIR/*.yaml), each checked by lib/labs/format.ts. Read once and kept: lab files change with a
// release or a restart, not between requests. A file that does not validate is listed with its errors (they name
// the line) rather than stopping the others; a second file with an id already taken is one of those.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/api/errors";
import type { LabDto, LabsListDto } from "@/lib/api/labs";
import { LAB_DEFAULT_IMAGE, LAB_DEFAULT_PARENT, type LabParseOptions, parseLab } from "./format";

export { type LabParseOptions, type LabParseResult, parseLab } from "./format";

export interface LabLibrary {
  /** Valid labs, by level (beginner first), then id. */
  labs: LabDto[];
  invalid: LabsListDto["invalid"];
}

/** A folder of lab files and how its files are named in messages (never the server's own paths). */
export interface LabFolder {
  dir: string;
  /** Prefix of its files' names in `invalid` ("" for the shipped labs, "$NETATLAS_LABS_DIR/" for the operator's). */
  shownAs: string;
  /** The shipped folder may be missing (a build without labs); an operator's folder that cannot be read is a problem. */
  optional: boolean;
}

/** A lab file is a few kilobytes; far more is not a lab file. */
const MAX_FILE_BYTES = 256 * 1024;
const LEVELS: Record<LabDto["level"], number> = { beginner: 0, intermediate: 1, advanced: 2 };

type Env = Readonly<Record<string, string | undefined>>;

export const SHIPPED_LABS_DIR = path.join(process.cwd(), "lib", "labs", "library");

/** The folders from the environment: the shipped labs, then NETATLAS_LABS_DIR when set. */
export function labFolders(env: Env = process.env): LabFolder[] {
  const folders: LabFolder[] = [{ dir: SHIPPED_LABS_DIR, shownAs: "", optional: true }];
  const extra = env.NETATLAS_LABS_DIR?.trim();
  if (extra) folders.push({ dir: extra, shownAs: "$NETATLAS_LABS_DIR/", optional: false });
  return folders;
}

/** What {tools} and {parent} stand for, from NETATLAS_LAB_IMAGE and NETATLAS_LAB_PARENT. */
export function labParseOptions(env: Env = process.env): Required<LabParseOptions> {
  return {
    image: env.NETATLAS_LAB_IMAGE?.trim() || LAB_DEFAULT_IMAGE,
    parent: env.NETATLAS_LAB_PARENT?.trim() || LAB_DEFAULT_PARENT,
  };
}

/** Reads and checks every *.yaml file of the folders, now (no cache). */
export function loadLabs(folders: readonly LabFolder[], opts: LabParseOptions): LabLibrary {
  const labs: LabDto[] = [];
  const invalid: LabLibrary["invalid"] = [];
  const fileOfId = new Map<string, string>();
  for (const folder of folders) {
    let names: string[];
    try {
      names = fs
        .readdirSync(folder.dir)
        .filter((n) => n.endsWith(".yaml"))
        .sort();
    } catch (err) {
      if (!folder.optional) {
        invalid.push({ file: folder.shownAs, errors: [`the folder cannot be read (${errorCode(err)})`] });
      }
      continue;
    }
    for (const name of names) {
      const file = `${folder.shownAs}${name}`;
      const read = readLabFile(path.join(folder.dir, name));
      if ("error" in read) {
        invalid.push({ file, errors: [`${name}: ${read.error}`] });
        continue;
      }
      const parsed = parseLab(read.text, name, opts);
      if ("errors" in parsed) {
        invalid.push({ file, errors: parsed.errors });
        continue;
      }
      const taken = fileOfId.get(parsed.lab.id);
      if (taken !== undefined) {
        invalid.push({ file, errors: [`${name}: id "${parsed.lab.id}" is already the id of ${taken}`] });
        continue;
      }
      fileOfId.set(parsed.lab.id, file);
      labs.push(parsed.lab);
    }
  }
  labs.sort((a, b) => LEVELS[a.level] - LEVELS[b.level] || a.id.localeCompare(b.id));
  return { labs, invalid };
}

function readLabFile(file: string): { text: string } | { error: string } {
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) return { error: `${size} bytes: a lab file is at most ${MAX_FILE_BYTES}` };
    return { text: fs.readFileSync(file, "utf8") };
  } catch (err) {
    return { error: `cannot be read (${errorCode(err)})` };
  }
}

/** The error's code (ENOENT, EACCES) only: its message holds the server's paths. */
function errorCode(err: unknown): string {
  const code = err && typeof err === "object" && "code" in err ? err.code : null;
  return typeof code === "string" ? code : "error";
}

// Kept on globalThis so every route bundle of the server shares one reading.
const CACHE = Symbol.for("netatlas.labs.library");
type Cached = { [CACHE]?: LabLibrary };

/** The labs, read on first use from the folders and settings of the environment. */
export function labLibrary(): LabLibrary {
  const holder = globalThis as Cached;
  holder[CACHE] ??= loadLabs(labFolders(), labParseOptions());
  return holder[CACHE];
}

/** Forgets the labs read so far: the next labLibrary() reads the folders again (tests, a changed folder). */
export function reloadLabs(): void {
  delete (globalThis as Cached)[CACHE];
}

/** One lab by id; not_found when there is none (a file with that id that did not validate says so in detail). */
export function findLab(id: string): LabDto {
  const library = labLibrary();
  const lab = library.labs.find((l) => l.id === id);
  if (lab) return lab;
  const broken = library.invalid.find((f) => f.file.endsWith(`/${id}.yaml`) || f.file === `${id}.yaml`);
  throw new AppError(
    "not_found",
    `No lab "${id}" in the library.`,
    broken ? `${broken.file} did not validate: ${broken.errors.join("; ")}` : null,
  );
}
