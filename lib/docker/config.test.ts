// parseEngineConfig: which engines Netatlas talks to, from DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH
// and NETATLAS_ENGINES (pair list and JSON), and the bad_request errors for configurations that cannot work.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { parseEngineConfig } from "./config";

type Env = Record<string, string | undefined>;

/** The AppError parseEngineConfig throws for `env`; fails the test when it does not throw one. */
function configError(env: Env): AppError {
  let thrown: unknown;
  try {
    parseEngineConfig(env);
  } catch (err) {
    thrown = err;
  }
  expect(thrown, "parseEngineConfig should have thrown").toBeInstanceOf(AppError);
  const error = thrown as AppError;
  expect(error.code).toBe("bad_request");
  expect(error.message).toMatch(/^Engine configuration: /);
  return error;
}

describe("one engine from DOCKER_HOST", () => {
  it("uses the default socket when nothing is set", () => {
    expect(parseEngineConfig({})).toEqual([
      {
        id: "local",
        host: "unix:///var/run/docker.sock",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ]);
  });

  it("treats an empty or blank DOCKER_HOST as unset", () => {
    expect(parseEngineConfig({ DOCKER_HOST: "" })[0]?.host).toBe("unix:///var/run/docker.sock");
    expect(parseEngineConfig({ DOCKER_HOST: "   " })[0]?.host).toBe("unix:///var/run/docker.sock");
  });

  it("takes a unix socket path, trimmed", () => {
    expect(parseEngineConfig({ DOCKER_HOST: " unix:///run/user/1000/docker.sock " })).toEqual([
      {
        id: "local",
        host: "unix:///run/user/1000/docker.sock",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ]);
  });

  it("takes a plain tcp address without TLS when DOCKER_TLS_VERIFY is unset or empty", () => {
    const expected = [
      {
        id: "local",
        host: "tcp://10.0.0.5:2375",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ];
    expect(parseEngineConfig({ DOCKER_HOST: "tcp://10.0.0.5:2375" })).toEqual(expected);
    expect(parseEngineConfig({ DOCKER_HOST: "tcp://10.0.0.5:2375", DOCKER_TLS_VERIFY: "" })).toEqual(
      expected,
    );
  });

  it("takes an ssh address", () => {
    expect(parseEngineConfig({ DOCKER_HOST: "ssh://ana@build.example:2222" })).toEqual([
      {
        id: "local",
        host: "ssh://ana@build.example:2222",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ]);
  });

  it("verifies TLS on tcp with DOCKER_TLS_VERIFY, certificates from DOCKER_CERT_PATH", () => {
    const env = {
      DOCKER_HOST: "tcp://10.0.0.5:2376",
      DOCKER_TLS_VERIFY: "1",
      DOCKER_CERT_PATH: "/etc/certs",
    };
    expect(parseEngineConfig(env)).toEqual([
      {
        id: "local",
        host: "tcp://10.0.0.5:2376",
        tlsVerify: true,
        certPath: "/etc/certs",
        sshPath: null,
        source: "env",
      },
    ]);
  });

  it("looks for certificates in ~/.docker when DOCKER_CERT_PATH is unset, as the docker CLI does", () => {
    const env = { DOCKER_HOST: "tcp://10.0.0.5:2376", DOCKER_TLS_VERIFY: "1", HOME: "/home/ana" };
    expect(parseEngineConfig(env)[0]?.certPath).toBe("/home/ana/.docker");
    const noHome = { DOCKER_HOST: "tcp://10.0.0.5:2376", DOCKER_TLS_VERIFY: "1" };
    expect(parseEngineConfig(noHome)[0]?.certPath).toBe("/root/.docker");
  });

  it("ignores TLS settings for unix and ssh addresses", () => {
    for (const host of ["unix:///var/run/docker.sock", "ssh://ana@build.example"]) {
      const env = { DOCKER_HOST: host, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/etc/certs" };
      expect(parseEngineConfig(env)[0]).toMatchObject({
        host,
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      });
    }
  });

  it.each(["localhost:2375", "/var/run/docker.sock", "ftp://10.0.0.5", "npipe:////./pipe/docker_engine"])(
    "rejects the address %j and says which forms work",
    (host) => {
      const error = configError({ DOCKER_HOST: host });
      expect(error.message).toContain(`"${host}"`);
      expect(error.message).toContain("unix:///path");
      expect(error.message).toContain("tcp://host:port");
      expect(error.message).toContain("ssh://user@host");
    },
  );
});

describe("NETATLAS_ENGINES as id=address pairs", () => {
  it("lists engines in the order given, trimmed, and ignores DOCKER_HOST", () => {
    const env = {
      NETATLAS_ENGINES: " a = unix:///run/a.sock , b=ssh://ana@b.example ,",
      DOCKER_HOST: "tcp://ignored:2375",
    };
    expect(parseEngineConfig(env)).toEqual([
      { id: "a", host: "unix:///run/a.sock", tlsVerify: false, certPath: null, sshPath: null, source: "env" },
      {
        id: "b",
        host: "ssh://ana@b.example",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ]);
  });

  it("applies DOCKER_TLS_VERIFY and DOCKER_CERT_PATH to the tcp engines only", () => {
    const env = {
      NETATLAS_ENGINES: "sock=unix:///run/a.sock,remote=tcp://10.0.0.9:2376",
      DOCKER_TLS_VERIFY: "1",
      DOCKER_CERT_PATH: "/etc/certs",
    };
    expect(parseEngineConfig(env)).toEqual([
      {
        id: "sock",
        host: "unix:///run/a.sock",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
      {
        id: "remote",
        host: "tcp://10.0.0.9:2376",
        tlsVerify: true,
        certPath: "/etc/certs",
        sshPath: null,
        source: "env",
      },
    ]);
  });

  it("accepts ids of 1 to 32 of a-z, 0-9, _ and -", () => {
    const id = `a${"b".repeat(30)}9`;
    const engines = parseEngineConfig({ NETATLAS_ENGINES: `0=unix:///a,lab_2-x=unix:///b,${id}=unix:///c` });
    expect(engines.map((e) => e.id)).toEqual(["0", "lab_2-x", id]);
  });

  it.each([
    ["an upper-case letter", "Prod"],
    ["a leading dash", "-prod"],
    ["a leading underscore", "_prod"],
    ["a dot", "prod.1"],
    ["more than 32 characters", "a".repeat(33)],
  ])("rejects an engine id with %s and says what ids may be", (_why, id) => {
    const error = configError({ NETATLAS_ENGINES: `${id}=unix:///run/a.sock` });
    expect(error.message).toContain(`engine id "${id}"`);
    expect(error.message).toContain("1-32 of a-z, 0-9, _ and -");
  });

  it("rejects an item without an id", () => {
    expect(configError({ NETATLAS_ENGINES: "unix:///run/a.sock" }).message).toContain(
      '"unix:///run/a.sock" should be id=address',
    );
    expect(configError({ NETATLAS_ENGINES: "=unix:///run/a.sock" }).message).toContain(
      '"=unix:///run/a.sock" should be id=address',
    );
  });

  it("rejects an engine id given twice", () => {
    const error = configError({ NETATLAS_ENGINES: "a=unix:///run/a.sock,a=tcp://10.0.0.9:2375" });
    expect(error.message).toContain('engine id "a" is given twice');
  });

  it("rejects a bad address and names it", () => {
    const error = configError({ NETATLAS_ENGINES: "a=unix:///run/a.sock,b=10.0.0.9:2375" });
    expect(error.message).toContain('"10.0.0.9:2375" is not an engine address');
  });

  it("rejects a list that names no engine", () => {
    expect(configError({ NETATLAS_ENGINES: " , ," }).message).toContain("NETATLAS_ENGINES names no engine");
  });

  it("treats an empty NETATLAS_ENGINES as unset", () => {
    expect(parseEngineConfig({ NETATLAS_ENGINES: "  ", DOCKER_HOST: "tcp://10.0.0.5:2375" })).toEqual([
      {
        id: "local",
        host: "tcp://10.0.0.5:2375",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ]);
  });
});

describe("NETATLAS_ENGINES as JSON", () => {
  it("reads id, host, tlsVerify and certPath of each entry", () => {
    const NETATLAS_ENGINES = JSON.stringify([
      {
        id: "prod",
        host: "tcp://10.0.0.9:2376",
        tlsVerify: true,
        certPath: "/etc/prod-certs",
        sshPath: null,
        source: "env",
      },
      { id: "lab", host: "unix:///run/lab.sock" },
    ]);
    expect(parseEngineConfig({ NETATLAS_ENGINES })).toEqual([
      {
        id: "prod",
        host: "tcp://10.0.0.9:2376",
        tlsVerify: true,
        certPath: "/etc/prod-certs",
        sshPath: null,
        source: "env",
      },
      {
        id: "lab",
        host: "unix:///run/lab.sock",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ]);
  });

  it("takes TLS settings from the environment unless an entry says otherwise", () => {
    const NETATLAS_ENGINES = JSON.stringify([
      { id: "inherits", host: "tcp://10.0.0.8:2376" },
      {
        id: "plain",
        host: "tcp://10.0.0.9:2375",
        tlsVerify: false,
        certPath: "/unused",
        sshPath: null,
        source: "env",
      },
    ]);
    const env = { NETATLAS_ENGINES, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/etc/certs" };
    expect(parseEngineConfig(env)).toEqual([
      {
        id: "inherits",
        host: "tcp://10.0.0.8:2376",
        tlsVerify: true,
        certPath: "/etc/certs",
        sshPath: null,
        source: "env",
      },
      {
        id: "plain",
        host: "tcp://10.0.0.9:2375",
        tlsVerify: false,
        certPath: null,
        sshPath: null,
        source: "env",
      },
    ]);
  });

  it("an entry asking for TLS gets the CLI's certificate folder, never plain HTTP", () => {
    const NETATLAS_ENGINES = '[{"id":"prod","host":"tcp://10.0.0.9:2376","tlsVerify":true}]';
    expect(parseEngineConfig({ NETATLAS_ENGINES, HOME: "/home/ana" })).toEqual([
      {
        id: "prod",
        host: "tcp://10.0.0.9:2376",
        tlsVerify: true,
        certPath: "/home/ana/.docker",
        sshPath: null,
        source: "env",
      },
    ]);
    expect(parseEngineConfig({ NETATLAS_ENGINES, DOCKER_CERT_PATH: "/etc/c" })[0]?.certPath).toBe("/etc/c");
  });

  it("reads a lone JSON object as JSON and says it must be an array", () => {
    const error = configError({ NETATLAS_ENGINES: '{"id":"a","host":"unix:///x"}' });
    expect(error.message).toContain("NETATLAS_ENGINES JSON must be an array");
  });

  it("turns TLS on for any non-empty DOCKER_TLS_VERIFY, as the docker CLI does", () => {
    const [engine] = parseEngineConfig({
      DOCKER_HOST: "tcp://10.0.0.9:2376",
      DOCKER_TLS_VERIFY: "0",
      HOME: "/h",
    });
    expect(engine).toMatchObject({ tlsVerify: true, certPath: "/h/.docker", sshPath: null, source: "env" });
  });

  it("rejects text that is not JSON and quotes the parser", () => {
    const error = configError({ NETATLAS_ENGINES: '[{"id": "a", "host": ' });
    expect(error.message).toContain("NETATLAS_ENGINES is not valid JSON (");
  });

  it.each([
    ["without a host", [{ id: "a" }]],
    ["with a numeric id", [{ id: 1, host: "unix:///run/a.sock" }]],
    ["that is null", [null]],
    ["that is a string", ["a=unix:///run/a.sock"]],
  ])("rejects an entry %s", (_why, entries) => {
    const error = configError({ NETATLAS_ENGINES: JSON.stringify(entries) });
    expect(error.message).toContain('each NETATLAS_ENGINES entry needs string "id" and "host"');
  });

  it("rejects an empty array", () => {
    expect(configError({ NETATLAS_ENGINES: "[]" }).message).toContain("NETATLAS_ENGINES names no engine");
  });

  it("rejects bad ids, duplicates and bad addresses like the pair list", () => {
    const badId = JSON.stringify([{ id: "Prod", host: "unix:///run/a.sock" }]);
    expect(configError({ NETATLAS_ENGINES: badId }).message).toContain('engine id "Prod"');
    const twice = JSON.stringify([
      { id: "a", host: "unix:///run/a.sock" },
      { id: "a", host: "unix:///run/b.sock" },
    ]);
    expect(configError({ NETATLAS_ENGINES: twice }).message).toContain('engine id "a" is given twice');
    const badHost = JSON.stringify([{ id: "a", host: "docker.example:2375" }]);
    expect(configError({ NETATLAS_ENGINES: badHost }).message).toContain(
      '"docker.example:2375" is not an engine address',
    );
  });
});
