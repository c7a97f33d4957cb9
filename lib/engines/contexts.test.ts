// The docker CLI's context store read as the /engines import list: a store made by `docker context create`
// (__fixtures__/make-fixtures.sh, no daemon needed) with a TLS context (CA, certificate, key; current), a CA-only
// one, one skipping verification, plain TCP, SSH and unix. A throwaway data folder holds engines already imported.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { contextAsEngine, dockerConfigFolder, listDockerContexts } from "./contexts";
import { insertEngine, stageFolder } from "./store";

const fixtures = path.join(__dirname, "__fixtures__");
const store = path.join(fixtures, "docker-config");
const tls = (name: string) => fs.readFileSync(path.join(fixtures, "tls", name), "utf8");
const saved = { config: process.env.NETATLAS_DOCKER_CONFIG, data: process.env.NETATLAS_DATA_DIR };
let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-contexts-"));
  process.env.NETATLAS_DATA_DIR = dataDir;
  process.env.NETATLAS_DOCKER_CONFIG = store;
});

afterAll(() => {
  for (const [name, value] of [
    ["NETATLAS_DOCKER_CONFIG", saved.config],
    ["NETATLAS_DATA_DIR", saved.data],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("dockerConfigFolder", () => {
  it("NETATLAS_DOCKER_CONFIG, then DOCKER_CONFIG, then ~/.docker", () => {
    const env = (vars: Record<string, string>) => ({ NODE_ENV: "test", ...vars }) as NodeJS.ProcessEnv;
    expect(dockerConfigFolder(env({ NETATLAS_DOCKER_CONFIG: "/a", DOCKER_CONFIG: "/b", HOME: "/h" }))).toBe(
      "/a",
    );
    expect(dockerConfigFolder(env({ DOCKER_CONFIG: "/b", HOME: "/h" }))).toBe("/b");
    expect(dockerConfigFolder(env({ HOME: "/h" }))).toBe("/h/.docker");
  });
});

describe("listDockerContexts", () => {
  it("every context of the store, by name, with kind, TLS files, current and what it needs", () => {
    const list = listDockerContexts();
    expect(list.store).toBe(path.join(store, "contexts"));
    expect(list.contexts).toEqual([
      {
        name: "Build.Box",
        description: null,
        address: "ssh://deploy@build.example:2222",
        kind: "ssh",
        tls: { ca: false, cert: false, key: false, skipVerify: false },
        current: false,
        importedAs: null,
        needs:
          "An SSH context names no key: give the private key and the host's known_hosts line when importing.",
      },
      {
        name: "ca-only",
        description: null,
        address: "tcp://ca-only.example:2376",
        kind: "tcp",
        tls: { ca: true, cert: false, key: false, skipVerify: false },
        current: false,
        importedAs: null,
        needs: null,
      },
      {
        name: "local",
        description: null,
        address: "unix:///var/run/docker.sock",
        kind: "unix",
        tls: { ca: false, cert: false, key: false, skipVerify: false },
        current: false,
        importedAs: null,
        needs: null,
      },
      {
        name: "plain",
        description: null,
        address: "tcp://plain.example:2375",
        kind: "tcp",
        tls: { ca: false, cert: false, key: false, skipVerify: false },
        current: false,
        importedAs: null,
        needs: "This context has no CA certificate: Netatlas does not dial plain or unverified TCP.",
      },
      {
        name: "skip",
        description: null,
        address: "tcp://skip.example:2376",
        kind: "tcp",
        tls: { ca: true, cert: false, key: false, skipVerify: true },
        current: false,
        importedAs: null,
        needs: "This context skips TLS verification; Netatlas always verifies the engine.",
      },
      {
        name: "tls",
        description: "TLS engine",
        address: "tcp://engine.example:2376",
        kind: "tcp",
        tls: { ca: true, cert: true, key: true, skipVerify: false },
        current: true,
        importedAs: null,
        needs: null,
      },
    ]);
  });

  it("an engine made from a context, by its name or by the same address, is shown as imported", () => {
    const add = (id: string, address: string, context: string | null) =>
      insertEngine(
        { id, address, tls: false, description: null, context },
        stageFolder(null, {}),
        "test-admin",
      );
    add("from-tls", "tcp://engine.example:2376", "tls");
    add("same-address", "tcp://ca-only.example:2376", null);
    const byName = Object.fromEntries(listDockerContexts().contexts.map((c) => [c.name, c.importedAs]));
    expect(byName).toEqual({
      "Build.Box": null,
      "ca-only": "same-address",
      local: null,
      plain: null,
      skip: null,
      tls: "from-tls",
    });
  });

  it("a missing store is an empty list; unreadable meta.json files are skipped", () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), "netatlas-contexts-store-"));
    try {
      process.env.NETATLAS_DOCKER_CONFIG = path.join(broken, "nothing-here");
      expect(listDockerContexts().contexts).toEqual([]);
      fs.cpSync(store, broken, { recursive: true });
      const meta = path.join(broken, "contexts", "meta");
      fs.mkdirSync(path.join(meta, "bad-json"));
      fs.writeFileSync(path.join(meta, "bad-json", "meta.json"), "{not json");
      fs.mkdirSync(path.join(meta, "no-endpoint"));
      fs.writeFileSync(
        path.join(meta, "no-endpoint", "meta.json"),
        JSON.stringify({ Name: "x", Endpoints: {} }),
      );
      fs.writeFileSync(path.join(broken, "config.json"), "{}");
      process.env.NETATLAS_DOCKER_CONFIG = broken;
      const contexts = listDockerContexts().contexts;
      expect(contexts.map((c) => c.name)).toEqual(["Build.Box", "ca-only", "local", "plain", "skip", "tls"]);
      expect(contexts.filter((c) => c.current)).toEqual([]);
    } finally {
      process.env.NETATLAS_DOCKER_CONFIG = store;
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe("contextAsEngine", () => {
  it("a TLS context gives its address and the texts of its CA, certificate and key files", () => {
    expect(contextAsEngine("tls", undefined)).toEqual({
      address: "tcp://engine.example:2376",
      description: "TLS engine",
      material: { tls: { ca: tls("ca.pem"), cert: tls("client-cert.pem"), key: tls("client-key.pem") } },
    });
  });

  it("a CA-only context gives the CA alone; unix gives no material; the description falls back", () => {
    expect(contextAsEngine("ca-only", undefined)).toEqual({
      address: "tcp://ca-only.example:2376",
      description: "docker context ca-only",
      material: { tls: { ca: tls("ca.pem") } },
    });
    expect(contextAsEngine("local", undefined)).toEqual({
      address: "unix:///var/run/docker.sock",
      description: "docker context local",
      material: {},
    });
  });

  it("an SSH context takes the key and known_hosts given at import", () => {
    const ssh = { privateKey: "KEY", knownHosts: "HOSTS" };
    expect(contextAsEngine("Build.Box", ssh)).toEqual({
      address: "ssh://deploy@build.example:2222",
      description: "docker context Build.Box",
      material: { ssh },
    });
  });

  it("plain TCP, skip-verify and unknown contexts are refused with their reason", () => {
    const refusal = (name: string) => {
      try {
        contextAsEngine(name, undefined);
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return [(err as AppError).code, (err as AppError).message];
      }
      throw new Error(`${name} was accepted`);
    };
    expect(refusal("plain")).toEqual([
      "bad_request",
      'Docker context "plain": This context has no CA certificate: Netatlas does not dial plain or unverified TCP.',
    ]);
    expect(refusal("skip")).toEqual([
      "bad_request",
      'Docker context "skip": This context skips TLS verification; Netatlas always verifies the engine.',
    ]);
    expect(refusal("nope")).toEqual(["not_found", `No docker context "nope" in ${store}/contexts.`]);
  });
});
