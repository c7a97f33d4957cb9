// Validation of references taken from URLs (parseRef, parseEngineId, parseEngineParam), answered with
// bad_request before Docker is called.
import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { parseEngineId, parseEngineParam, parseRef } from "./refs";

function rejection(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("bad_request");
    return err as AppError;
  }
  throw new Error("expected a bad_request AppError");
}

const FULL_ID = "f8900329531a2ace94b601800ccc818ea3fa0acce575c5e5921196ef62f7e06b";

describe("parseRef", () => {
  it.each([FULL_ID, FULL_ID.slice(0, 12), "example-api", "my_net.v2", "a", "0", "a".repeat(255)])(
    "accepts %j unchanged",
    (value) => {
      expect(parseRef("container", value)).toBe(value);
    },
  );

  it.each([
    ["empty", ""],
    ["a space", "my net"],
    ["only a space", " "],
    ["a slash", "a/b"],
    ["a path", "../etc/passwd"],
    ["a leading dot", ".hidden"],
    ["a leading dash", "-rf"],
    ["a leading underscore", "_x"],
    ["a trailing newline", "web1\n"],
    ["a colon", "container:web1"],
    ["a non-ASCII letter", "café"],
    ["256 characters", "a".repeat(256)],
  ])("rejects a value with %s", (_why, value) => {
    rejection(() => parseRef("network", value));
  });

  it("says what kind of reference was bad and what is allowed", () => {
    const error = rejection(() => parseRef("network", "my net"));
    expect(error.message).toBe(
      '"my net" is not a valid network id or name (letters, digits, "_", "." and "-", at most 255).',
    );
    expect(rejection(() => parseRef("container", "a/b")).message).toContain("container id or name");
  });

  it("quotes at most 80 characters of a long value", () => {
    const error = rejection(() => parseRef("container", "x".repeat(300)));
    expect(error.message).toContain(`"${"x".repeat(80)}"`);
    expect(error.message).not.toContain("x".repeat(81));
  });
});

describe("parseEngineId", () => {
  it("answers null when no engine is given", () => {
    expect(parseEngineId(null)).toBeNull();
    expect(parseEngineId(undefined)).toBeNull();
    expect(parseEngineId("")).toBeNull();
  });

  it.each(["local", "lab-2", "a_b", "0", "a".repeat(32)])("accepts %j", (id) => {
    expect(parseEngineId(id)).toBe(id);
  });

  it.each(["Local", "-a", "_a", "a b", "a.b", "a".repeat(33)])("rejects %j", (id) => {
    expect(rejection(() => parseEngineId(id)).message).toContain("is not a valid engine id");
  });
});

describe("parseEngineParam", () => {
  const url = (query: string) => `http://127.0.0.1:3000/api/topology${query}`;

  it("reads ?engine= from the request URL", () => {
    expect(parseEngineParam(url("?engine=lab-a"))).toBe("lab-a");
    expect(parseEngineParam(url("?view=graph&engine=old"))).toBe("old");
  });

  it("answers null when the parameter is missing or empty", () => {
    expect(parseEngineParam(url(""))).toBeNull();
    expect(parseEngineParam(url("?engine="))).toBeNull();
  });

  it("rejects a bad engine id, also when URL-encoded", () => {
    expect(rejection(() => parseEngineParam(url("?engine=LAB"))).message).toContain('"LAB"');
    expect(rejection(() => parseEngineParam(url("?engine=a%20b"))).message).toContain('"a b"');
    rejection(() => parseEngineParam(url("?engine=..%2Fetc")));
  });
});
