import { describe, expect, it } from "vitest";
import { has, parseArgs, RM_OPTIONS, RUN_OPTIONS, values } from "./format-options";

describe("parseArgs", () => {
  it("reads clusters of short switches, a value attached or in the next word, and --name=value", () => {
    const got = parseArgs(
      ["-dit", "-p8080:80", "-e", "A=1", "--name=web", "--net", "lab", "img", "-x"],
      RUN_OPTIONS,
      false,
    );
    if ("error" in got) throw new Error(got.error);
    expect(got.operands).toEqual(["img", "-x"]);
    expect(has(got, "--detach") && has(got, "--interactive") && has(got, "--tty")).toBe(true);
    expect(values(got, "--publish")).toEqual(["8080:80"]);
    expect(values(got, "--env")).toEqual(["A=1"]);
    expect(values(got, "--name")).toEqual(["web"]);
    expect(values(got, "--network")).toEqual(["lab"]);
  });

  it("reads a value at the end of a cluster and --switch=false", () => {
    const got = parseArgs(["-dp", "80:80", "--rm=false", "img"], RUN_OPTIONS, false);
    if ("error" in got) throw new Error(got.error);
    expect(values(got, "--publish")).toEqual(["80:80"]);
    expect(has(got, "--rm")).toBe(false);
    expect(got.operands).toEqual(["img"]);
  });

  it("reads options after operands where docker does (rm), and everything after -- as operands", () => {
    const got = parseArgs(["a", "-f", "--", "-b"], RM_OPTIONS, true);
    if ("error" in got) throw new Error(got.error);
    expect(got.operands).toEqual(["a", "-b"]);
    expect(has(got, "--force")).toBe(true);
  });

  it("refuses unknown options, a missing value and a switch given a value", () => {
    expect(parseArgs(["--mount", "x", "img"], RUN_OPTIONS, false)).toEqual({
      error: "option --mount is not one lab commands may use (docs/labs.md lists them)",
    });
    expect(parseArgs(["-dv", "/:/h", "img"], RUN_OPTIONS, false)).toMatchObject({
      error: expect.stringContaining("-v"),
    });
    expect(parseArgs(["--name"], RUN_OPTIONS, false)).toEqual({ error: "--name needs a value" });
    expect(parseArgs(["--rm=yes", "img"], RUN_OPTIONS, false)).toEqual({
      error: '--rm is a switch: true or false, not "yes"',
    });
  });
});
