// sshOptions: the engine's key and known_hosts from its folder (or the agent and ~/.ssh), and a host key check that
// accepts only a known key and otherwise throws an SshHostKeyError saying which case it is.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import type { EngineConfig } from "./config";
import { SshHostKeyError, sshOptions } from "./ssh-options";

const K1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMooozpvHghnHdaR2ca/akHpaB+yqrNIc0wqeMgmfFKg";
const K2 =
  "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPFxDLHHPmyEN7vpOjEUzd95GNg1PsM7FIq3t7fSBfwnBNgKrO3vrtdqs1ON/pT57hkGAFfy8V58OiPABJ9WxlY=";
const K3 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILLAx2MNIhTkdL8ux3MPHa0AwxF7SReaB1CwcIpwbAOW";
const blob = (line: string) => Buffer.from(line.split(" ")[1] ?? "", "base64");

const root = mkdtempSync(join(tmpdir(), "natest-ssh-options-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function engineFolder(name: string, knownHosts: string | null, key = "PRIVATE KEY BYTES"): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "id_key"), key);
  if (knownHosts !== null) writeFileSync(join(dir, "known_hosts"), knownHosts);
  return dir;
}

const engine = (host: string, sshPath: string | null): EngineConfig => ({
  id: "remote",
  host,
  tlsVerify: false,
  certPath: null,
  sshPath,
  source: "ui",
});

function refusal(verify: () => unknown): SshHostKeyError {
  try {
    verify();
  } catch (err) {
    if (err instanceof SshHostKeyError) return err;
    throw err;
  }
  throw new Error("the host key was accepted");
}

describe("sshOptions with the engine's own folder", () => {
  const dir = engineFolder("own", `10.0.0.5 ${K2}\n[10.0.0.5]:2222 ${K1}\n`);

  it("takes the private key from id_key and no agent", () => {
    const options = sshOptions(engine("ssh://me@10.0.0.5", dir), { SSH_AUTH_SOCK: "/run/agent.sock" });
    expect(options.privateKey?.toString()).toBe("PRIVATE KEY BYTES");
    expect(options.agent).toBeUndefined();
    expect(options.readyTimeout).toBe(10_000);
  });

  it("accepts the known key of host:port, and offers its type first", () => {
    const options = sshOptions(engine("ssh://me@10.0.0.5", dir));
    expect(options.hostVerifier(blob(K2))).toBe(true);
    expect(options.algorithms?.serverHostKey[0]).toBe("ecdsa-sha2-nistp256");
    expect(sshOptions(engine("ssh://me@10.0.0.5:2222", dir)).hostVerifier(blob(K1))).toBe(true);
  });

  it("refuses another key for a known host as changed, naming both fingerprints", () => {
    const error = refusal(() => sshOptions(engine("ssh://me@10.0.0.5", dir)).hostVerifier(blob(K3)));
    expect(error.code).toBe("SSH_HOST_KEY_CHANGED");
    expect(error.host).toBe("10.0.0.5");
    expect(error.port).toBe(22);
    expect(error.fingerprint).toBe("SHA256:Rlg7Syqwni81gJCkCLLtbo/qD3iuFD/LjwJp4cH1smc");
    expect(error.known.map((k) => k.keyType)).toEqual(["ecdsa-sha2-nistp256"]);
    expect(error.message).toContain("does not match the known_hosts entry");
  });

  it("refuses a host known only on another port as unknown, and offers no preference then", () => {
    const options = sshOptions(engine("ssh://me@10.0.0.5:2200", dir));
    expect(options.algorithms).toBeUndefined();
    expect(refusal(() => options.hostVerifier(blob(K1))).code).toBe("SSH_HOST_UNKNOWN");
  });

  it("reads known_hosts at each connection: a line added later counts", () => {
    const later = engineFolder("later", "");
    const options = sshOptions(engine("ssh://me@10.0.0.7", later));
    expect(refusal(() => options.hostVerifier(blob(K1))).code).toBe("SSH_HOST_UNKNOWN");
    writeFileSync(join(later, "known_hosts"), `10.0.0.7 ${K1}\n`);
    expect(options.hostVerifier(blob(K1))).toBe(true);
  });

  it("a folder without known_hosts trusts no host; one marked @revoked is refused as revoked", () => {
    const none = engineFolder("none", null);
    expect(refusal(() => sshOptions(engine("ssh://me@10.0.0.5", none)).hostVerifier(blob(K1))).code).toBe(
      "SSH_HOST_UNKNOWN",
    );
    const revoked = engineFolder("revoked", `@revoked 10.0.0.5 ${K1}\n10.0.0.5 ${K1}\n`);
    expect(refusal(() => sshOptions(engine("ssh://me@10.0.0.5", revoked)).hostVerifier(blob(K1))).code).toBe(
      "SSH_HOST_KEY_REVOKED",
    );
  });

  it("a folder without its key is a clear bad_request, without the folder's path", () => {
    const dir = join(root, "no-key");
    mkdirSync(dir);
    let thrown: unknown;
    try {
      sshOptions(engine("ssh://me@10.0.0.5", dir));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("bad_request");
    expect((thrown as AppError).message).not.toContain(root);
  });
});

describe("sshOptions for an engine from the environment (sshPath null)", () => {
  it("uses the ssh agent and $HOME/.ssh/known_hosts, as the docker CLI does", () => {
    const home = join(root, "home");
    mkdirSync(join(home, ".ssh"), { recursive: true });
    writeFileSync(join(home, ".ssh", "known_hosts"), `engine.example ${K1}\n`);
    const options = sshOptions(engine("ssh://me@engine.example", null), {
      HOME: home,
      SSH_AUTH_SOCK: "/run/agent.sock",
    });
    expect(options.agent).toBe("/run/agent.sock");
    expect(options.privateKey).toBeUndefined();
    expect(options.hostVerifier(blob(K1))).toBe(true);
    expect(refusal(() => options.hostVerifier(blob(K3))).code).toBe("SSH_HOST_KEY_CHANGED");
  });
});
