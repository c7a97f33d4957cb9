import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { parseLab } from "./format";
import {
  findLab,
  type LabFolder,
  labFolders,
  labLibrary,
  labParseOptions,
  loadLabs,
  reloadLabs,
  SHIPPED_LABS_DIR,
} from "./library";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = (name: string) => path.join(here, "__fixtures__", name);
const shippedFiles = fs.existsSync(SHIPPED_LABS_DIR)
  ? fs.readdirSync(SHIPPED_LABS_DIR).filter((n) => n.endsWith(".yaml"))
  : [];

describe("the shipped labs (lib/labs/library)", () => {
  it("is the folder beside this test", () => {
    expect(SHIPPED_LABS_DIR).toBe(path.join(here, "library"));
  });

  for (const name of shippedFiles) {
    it(`${name} validates with the default settings and with others`, () => {
      const text = fs.readFileSync(path.join(SHIPPED_LABS_DIR, name), "utf8");
      for (const opts of [{}, { image: "registry.example/lab:2", parent: "ens5" }]) {
        const got = parseLab(text, name, opts);
        expect("errors" in got ? got.errors : []).toEqual([]);
      }
    });
  }

  it("loads every file as a lab, each with an id of its own", () => {
    const library = loadLabs([{ dir: SHIPPED_LABS_DIR, shownAs: "", optional: true }], {});
    expect(library.invalid).toEqual([]);
    expect(library.labs).toHaveLength(shippedFiles.length);
    const ids = library.labs.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(shippedFiles.map((n) => n.replace(/\.yaml$/, "")).sort());
  });
});

describe("loadLabs", () => {
  const one: LabFolder = { dir: fixtures("one"), shownAs: "", optional: true };
  const two: LabFolder = { dir: fixtures("two"), shownAs: "$NETATLAS_LABS_DIR/", optional: false };

  it("reads the *.yaml files of every folder, lists the invalid ones with their errors, refuses a taken id", () => {
    const library = loadLabs([one, two], {});
    expect(library.labs.map((l) => l.id)).toEqual(["bridges-demo", "swarm-demo"]);
    expect(library.invalid).toEqual([
      {
        file: "$NETATLAS_LABS_DIR/bridges-demo.yaml",
        errors: ['bridges-demo.yaml: id "bridges-demo" is already the id of bridges-demo.yaml'],
      },
      {
        file: "$NETATLAS_LABS_DIR/broken.yaml",
        errors: [
          "broken.yaml line 9: steps[1].narration: missing (required)",
          "broken.yaml line 10: steps[1].narations: unknown key (did you mean narration?); expected one of title, narration, run, focus, check, task, solution",
        ],
      },
    ]);
  });

  it("sorts labs by level, beginner first", () => {
    const library = loadLabs([two, one], {});
    expect(library.labs.map((l) => l.level)).toEqual(["beginner", "advanced"]);
  });

  it("passes the settings to every lab", () => {
    const library = loadLabs([one], { image: "reg.local/lab:9" });
    expect(library.labs[0]?.images).toEqual(["reg.local/lab:9"]);
  });

  it("says when an operator's folder cannot be read, without its path", () => {
    const missing = { dir: fixtures("no-such-folder"), shownAs: "$NETATLAS_LABS_DIR/", optional: false };
    expect(loadLabs([missing], {}).invalid).toEqual([
      { file: "$NETATLAS_LABS_DIR/", errors: ["the folder cannot be read (ENOENT)"] },
    ]);
    expect(loadLabs([{ ...missing, optional: true }], {})).toEqual({ labs: [], invalid: [] });
  });
});

describe("settings from the environment", () => {
  it("adds NETATLAS_LABS_DIR after the shipped folder", () => {
    expect(labFolders({})).toEqual([{ dir: SHIPPED_LABS_DIR, shownAs: "", optional: true }]);
    expect(labFolders({ NETATLAS_LABS_DIR: "/srv/labs" })[1]).toEqual({
      dir: "/srv/labs",
      shownAs: "$NETATLAS_LABS_DIR/",
      optional: false,
    });
  });

  it("reads the lab image and parent interface, with defaults", () => {
    expect(labParseOptions({})).toEqual({ image: "netatlas/lab:1", parent: "eth0" });
    expect(labParseOptions({ NETATLAS_LAB_IMAGE: "r/x:2", NETATLAS_LAB_PARENT: "ens3" })).toEqual({
      image: "r/x:2",
      parent: "ens3",
    });
  });
});

describe("labLibrary and findLab", () => {
  const saved = process.env.NETATLAS_LABS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.NETATLAS_LABS_DIR;
    else process.env.NETATLAS_LABS_DIR = saved;
    reloadLabs();
  });

  it("reads the folders once, until reloadLabs", () => {
    process.env.NETATLAS_LABS_DIR = fixtures("two");
    reloadLabs();
    const first = labLibrary();
    expect(labLibrary()).toBe(first);
    expect(first.labs.some((l) => l.id === "swarm-demo")).toBe(true);
    process.env.NETATLAS_LABS_DIR = fixtures("one");
    expect(labLibrary()).toBe(first);
    reloadLabs();
    expect(labLibrary().labs.some((l) => l.id === "swarm-demo")).toBe(false);
  });

  it("finds a lab by id, and answers not_found otherwise (saying why when its file did not validate)", () => {
    process.env.NETATLAS_LABS_DIR = fixtures("two");
    reloadLabs();
    expect(findLab("swarm-demo").title).toBe("A service behind a virtual IP");
    const notFound = (id: string) => {
      try {
        findLab(id);
      } catch (err) {
        return err;
      }
      throw new Error(`findLab(${id}) found a lab`);
    };
    const missing = notFound("no-such-lab");
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({
      code: "not_found",
      message: 'No lab "no-such-lab" in the library.',
      detail: null,
    });
    expect(notFound("broken")).toMatchObject({
      code: "not_found",
      detail: expect.stringContaining("$NETATLAS_LABS_DIR/broken.yaml did not validate: broken.yaml line 9:"),
    });
  });
});
