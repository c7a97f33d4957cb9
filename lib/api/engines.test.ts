// The wire contract of engine management: bodies are strict (an unknown key is refused, not ignored), material
// texts are capped and never empty, ids are what a path and the data folder can hold.
import { describe, expect, it } from "vitest";
import {
  editEngineBody,
  engineIdForContext,
  importContextBody,
  MATERIAL_MAX,
  newEngineBody,
  parseEngineId,
  testEngineBody,
} from "./engines";
import { AppError } from "./errors";

/** Each problem as "dotted.path: message". */
function problems(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (result.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("newEngineBody", () => {
  it("an id, an address, a description and material", () => {
    const body = {
      id: "prod-1",
      address: "tcp://engine.example:2376",
      description: "  production  ",
      tls: { ca: "CA", cert: "CERT", key: "KEY" },
    };
    expect(newEngineBody.parse(body)).toEqual({ ...body, description: "production" });
    expect(
      newEngineBody.parse({ id: "a", address: "unix:///x", ssh: { privateKey: "K", knownHosts: "H" } }),
    ).toMatchObject({ ssh: { privateKey: "K", knownHosts: "H" } });
  });

  it("unknown keys are refused, at the top and inside tls and ssh", () => {
    expect(problems(newEngineBody.safeParse({ id: "a", address: "unix:///x", admin: true }))).toEqual([
      ': Unrecognized key: "admin"',
    ]);
    expect(
      problems(newEngineBody.safeParse({ id: "a", address: "unix:///x", tls: { ca: "C", pass: "x" } })),
    ).toEqual(['tls: Unrecognized key: "pass"']);
    expect(
      problems(newEngineBody.safeParse({ id: "a", address: "unix:///x", ssh: { password: "x" } })),
    ).toEqual(['ssh: Unrecognized key: "password"']);
  });

  it("material over 64 KiB is refused with what it was meant to be; 64 KiB exactly is fine", () => {
    const big = "A".repeat(MATERIAL_MAX + 1);
    expect(problems(newEngineBody.safeParse({ id: "a", address: "tcp://h", tls: { ca: big } }))).toEqual([
      "tls.ca: The CA certificate is larger than 64 KiB: is it the right file?",
    ]);
    expect(
      problems(newEngineBody.safeParse({ id: "a", address: "ssh://u@h", ssh: { knownHosts: big } })),
    ).toEqual(["ssh.knownHosts: The known_hosts text is larger than 64 KiB: is it the right file?"]);
    expect(
      newEngineBody.safeParse({ id: "a", address: "tcp://h", tls: { ca: "A".repeat(MATERIAL_MAX) } }).success,
    ).toBe(true);
  });

  it("empty or blank material is refused by name", () => {
    expect(
      problems(
        newEngineBody.safeParse({ id: "a", address: "tcp://h", tls: { ca: "", cert: " \n", key: "k" } }),
      ),
    ).toEqual(["tls.ca: The CA certificate is empty.", "tls.cert: The client certificate is empty."]);
    expect(
      problems(newEngineBody.safeParse({ id: "a", address: "ssh://u@h", ssh: { privateKey: "\t" } })),
    ).toEqual(["ssh.privateKey: The SSH private key is empty."]);
  });

  it("ids, addresses over 1024 characters and descriptions over 200", () => {
    const idRule = "1-32 of a-z, 0-9, _ and -, starting with a letter or digit.";
    for (const id of ["", "-a", "Prod", "a".repeat(33), "a b", "../x"]) {
      expect(problems(newEngineBody.safeParse({ id, address: "unix:///x" }))).toEqual([`id: ${idRule}`]);
    }
    expect(newEngineBody.parse({ id: " a_1-b ", address: "unix:///x" }).id).toBe("a_1-b");
    expect(problems(newEngineBody.safeParse({ id: "a", address: "x".repeat(1025) }))).toEqual([
      "address: At most 1024 characters.",
    ]);
    expect(
      problems(newEngineBody.safeParse({ id: "a", address: "unix:///x", description: "d".repeat(201) })),
    ).toEqual(["description: At most 200 characters."]);
    expect(problems(newEngineBody.safeParse({ address: "unix:///x" }))).toHaveLength(1);
  });
});

describe("edit, test and import bodies", () => {
  it("edit takes dropClientCert but no id; test takes from; import takes only ssh material", () => {
    expect(editEngineBody.parse({ address: "tcp://h", dropClientCert: true }).dropClientCert).toBe(true);
    expect(editEngineBody.safeParse({ id: "a", address: "tcp://h" }).success).toBe(false);
    expect(testEngineBody.parse({ address: "tcp://h", from: "prod" }).from).toBe("prod");
    expect(problems(testEngineBody.safeParse({ address: "tcp://h", from: "Prod!" }))).toHaveLength(1);
    expect(importContextBody.parse({ context: "tls", id: "tls", ssh: { privateKey: "K" } })).toEqual({
      context: "tls",
      id: "tls",
      ssh: { privateKey: "K" },
    });
    expect(problems(importContextBody.safeParse({ context: "tls", id: "tls", tls: { ca: "C" } }))).toEqual([
      ': Unrecognized key: "tls"',
    ]);
    expect(problems(importContextBody.safeParse({ context: "", id: "tls" }))).toHaveLength(1);
  });
});

describe("parseEngineId", () => {
  it("returns a valid id, trimmed", () => {
    expect(parseEngineId("prod-1")).toBe("prod-1");
    expect(parseEngineId(" lab_a ")).toBe("lab_a");
  });

  it("anything else is a 400 naming (the first 40 characters of) what was given", () => {
    for (const raw of ["", "Prod", "a/b", "..", "x".repeat(50)]) {
      let error: unknown;
      try {
        parseEngineId(raw);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("bad_request");
      expect((error as AppError).message).toBe(`"${raw.slice(0, 40)}" is not an engine id.`);
    }
  });
});

describe("engineIdForContext", () => {
  it("lower case, runs of other characters as one dash, no leading dash, 32 at most", () => {
    expect(engineIdForContext("tls")).toBe("tls");
    expect(engineIdForContext("Build.Box")).toBe("build-box");
    expect(engineIdForContext("My Prod Host (eu-west)")).toBe("my-prod-host-eu-west");
    expect(engineIdForContext("--._x")).toBe("x");
    expect(engineIdForContext("a".repeat(40))).toBe("a".repeat(32));
    expect(engineIdForContext("...")).toBe("context");
    expect(engineIdForContext("ÉCOLE")).toBe("cole");
  });

  it("every id it offers is one parseEngineId accepts", () => {
    for (const name of [
      "tls",
      "Build.Box",
      "My Prod Host (eu-west)",
      "--._x",
      "a".repeat(40),
      "...",
      "ÉCOLE",
      "_",
    ]) {
      expect(parseEngineId(engineIdForContext(name))).toBe(engineIdForContext(name));
    }
  });
});
