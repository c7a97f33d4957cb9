// parseEngineAddress: every form an admin may type on /engines, as it will be stored (default ports filled in),
// and the sentence each refusal shows beside the address field.
import { describe, expect, it } from "vitest";
import { parseEngineAddress } from "./address";

function accepted(input: string) {
  const result = parseEngineAddress(input);
  if (!result.ok) throw new Error(`refused ${input}: ${result.problem}`);
  return result.value;
}

function refusal(input: string): string {
  const result = parseEngineAddress(input);
  if (result.ok) throw new Error(`accepted ${input} as ${result.value.address}`);
  return result.problem;
}

describe("accepted addresses", () => {
  it("unix:// keeps the absolute socket path", () => {
    expect(accepted("unix:///var/run/docker.sock")).toEqual({
      kind: "unix",
      address: "unix:///var/run/docker.sock",
      host: null,
      port: null,
      user: null,
      path: "/var/run/docker.sock",
    });
  });

  it("surrounding spaces are trimmed and the scheme may be upper case", () => {
    expect(accepted("  UNIX:///run/docker.sock\n").address).toBe("unix:///run/docker.sock");
    expect(accepted("TCP://engine.example").address).toBe("tcp://engine.example:2376");
  });

  it("a socket path of exactly 107 bytes fits sun_path", () => {
    const path = `/${"s".repeat(106)}`;
    expect(Buffer.byteLength(path)).toBe(107);
    expect(accepted(`unix://${path}`).path).toBe(path);
  });

  it("tcp:// gets port 2376 (Docker's TLS port) when none is given", () => {
    expect(accepted("tcp://engine.example")).toEqual({
      kind: "tcp",
      address: "tcp://engine.example:2376",
      host: "engine.example",
      port: 2376,
      user: null,
      path: null,
    });
  });

  it("tcp:// keeps a given port, IPv4 and bracketed IPv6 hosts", () => {
    expect(accepted("tcp://10.0.0.5:12376")).toMatchObject({ host: "10.0.0.5", port: 12376 });
    expect(accepted("tcp://[2001:db8::5]")).toMatchObject({
      address: "tcp://[2001:db8::5]:2376",
      host: "[2001:db8::5]",
      port: 2376,
    });
    expect(accepted("tcp://[::1]:1").address).toBe("tcp://[::1]:1");
    expect(accepted("tcp://localhost:65535").port).toBe(65535);
    expect(accepted("tcp://a-b.c-d.example").host).toBe("a-b.c-d.example");
  });

  it("ssh:// leaves port 22 out of the address and shows any other", () => {
    expect(accepted("ssh://deploy@build.example")).toEqual({
      kind: "ssh",
      address: "ssh://deploy@build.example",
      host: "build.example",
      port: 22,
      user: "deploy",
      path: null,
    });
    expect(accepted("ssh://deploy@build.example:22").address).toBe("ssh://deploy@build.example");
    expect(accepted("ssh://deploy@build.example:2222")).toMatchObject({
      address: "ssh://deploy@build.example:2222",
      port: 2222,
    });
    expect(accepted("ssh://_ci.bot-1@[fd00::7]:2200")).toMatchObject({
      address: "ssh://_ci.bot-1@[fd00::7]:2200",
      user: "_ci.bot-1",
      host: "[fd00::7]",
    });
  });
});

describe("refused addresses", () => {
  const examples = "unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host";

  it("empty, too long, spaces and control characters", () => {
    expect(refusal("   ")).toBe(`Give an engine address: ${examples}.`);
    expect(refusal(`unix:///${"a".repeat(1020)}`)).toBe("The address is longer than 1024 characters.");
    expect(refusal("tcp://engine example")).toBe("The address has spaces or control characters.");
    expect(refusal("tcp://engine\u0000.example")).toBe("The address has spaces or control characters.");
    expect(refusal("tcp://engine\u007f.example")).toBe("The address has spaces or control characters.");
    expect(refusal("ssh://deploy@host\tx")).toBe("The address has spaces or control characters.");
  });

  it("no scheme, or an unknown one", () => {
    expect(refusal("engine.example:2376")).toBe(
      `"engine.example:2376" is not an engine address: use ${examples}.`,
    );
    expect(refusal("/var/run/docker.sock")).toBe(
      `"/var/run/docker.sock" is not an engine address: use ${examples}.`,
    );
    expect(refusal("npipe:////./pipe/docker_engine")).toBe(
      `"npipe://" is not an engine address: use ${examples}.`,
    );
  });

  it("http:// and https:// point to the docker CLI's tcp:// form", () => {
    expect(refusal("http://engine.example:2375")).toBe(
      "Use tcp://host:port rather than http:// (the docker CLI's form).",
    );
    expect(refusal("HTTPS://engine.example")).toBe(
      "Use tcp://host:port rather than https:// (the docker CLI's form).",
    );
  });

  it("unix:// paths must be absolute, without . or .. parts, and fit sun_path", () => {
    const absolute = "unix:// needs an absolute socket path: unix:///var/run/docker.sock.";
    expect(refusal("unix://var/run/docker.sock")).toBe(absolute);
    expect(refusal("unix://")).toBe(absolute);
    const dots = "The socket path may not contain . or .. parts.";
    expect(refusal("unix:///var/run/../docker.sock")).toBe(dots);
    expect(refusal("unix:///var/./docker.sock")).toBe(dots);
    expect(refusal("unix:///var/run/..")).toBe(dots);
    expect(accepted("unix:///var/run/..docker.sock").path).toBe("/var/run/..docker.sock");
    expect(refusal(`unix:///${"s".repeat(107)}`)).toBe("The socket path is longer than 107 bytes.");
    // Bytes, not characters: 54 two-byte letters make 108 bytes.
    expect(refusal(`unix:///${"é".repeat(54)}`)).toBe("The socket path is longer than 107 bytes.");
  });

  it("host names and addresses that are not", () => {
    expect(refusal("tcp://")).toBe("The address names no host.");
    expect(refusal("tcp://:2376")).toBe("The address names no host.");
    expect(refusal("tcp://256.1.1.1")).toBe('The address "256.1.1.1" is not an IPv4 address.');
    expect(refusal("tcp://10.0.0")).toBe('The address "10.0.0" is not an IPv4 address.');
    expect(refusal("tcp://10.0.0.05")).toBe('The address "10.0.0.05" is not an IPv4 address.');
    expect(refusal("tcp://[2001:db8::zz]")).toBe('The address "[2001:db8::zz]" is not an IPv6 address.');
    expect(refusal("tcp://[]:2376")).toBe('The address "[]" is not an IPv6 address.');
    expect(refusal("tcp://-engine.example")).toBe(
      'The address "-engine.example" is not a host name (letters, digits, - and dots).',
    );
    expect(refusal("tcp://engine_1.example")).toBe(
      'The address "engine_1.example" is not a host name (letters, digits, - and dots).',
    );
    expect(refusal("tcp://engine..example")).toBe(
      'The address "engine..example" is not a host name (letters, digits, - and dots).',
    );
    expect(refusal(`tcp://${"a".repeat(64)}.example`)).toBe(
      `The address "${"a".repeat(64)}.example" is not a host name (letters, digits, - and dots).`,
    );
    const long = Array.from({ length: 5 }, () => "a".repeat(60)).join(".");
    expect(refusal(`tcp://${long}`)).toBe("The address has a host name longer than 253 characters.");
  });

  it("ports 0, 65536 and non-numbers", () => {
    expect(refusal("tcp://engine.example:0")).toBe("The address's port 0 is outside 1-65535.");
    expect(refusal("tcp://engine.example:65536")).toBe("The address's port 65536 is outside 1-65535.");
    expect(refusal("ssh://u@engine.example:ssh")).toBe('The address\'s port "ssh" is not a number.');
    expect(refusal("tcp://engine.example:")).toBe('The address\'s port "" is not a number.');
    expect(refusal("tcp://engine.example:123456")).toBe('The address\'s port "123456" is not a number.');
    expect(refusal("tcp://[::1]:-1")).toBe('The address\'s port "-1" is not a number.');
  });

  it("tcp:// and ssh:// take no path, query or fragment", () => {
    expect(refusal("tcp://engine.example:2376/")).toBe(
      "A tcp:// address has no path, query or fragment: tcp://host:port.",
    );
    expect(refusal("tcp://engine.example?tls=1")).toBe(
      "A tcp:// address has no path, query or fragment: tcp://host:port.",
    );
    expect(refusal("ssh://u@engine.example/var/run/docker.sock")).toBe(
      "An ssh:// address has no path, query or fragment: ssh://host:port.",
    );
    expect(refusal("ssh://u@engine.example#x")).toBe(
      "An ssh:// address has no path, query or fragment: ssh://host:port.",
    );
  });

  it("a user on tcp://, none or a bad one on ssh://", () => {
    expect(refusal("tcp://root@engine.example")).toBe(
      "A tcp:// address has no user; the client certificate says who you are.",
    );
    expect(refusal("ssh://build.example")).toBe("Name the SSH user: ssh://user@host[:port].");
    expect(refusal("ssh://@build.example")).toBe("Name the SSH user: ssh://user@host[:port].");
    const bad = (user: string) => `"${user}" is not a user name (letters, digits, _ . -).`;
    expect(refusal("ssh://1deploy@build.example")).toBe(bad("1deploy"));
    expect(refusal("ssh://de:ploy@build.example")).toBe(bad("de:ploy"));
    expect(refusal("ssh://a@b@build.example")).toBe(bad("a@b"));
    expect(refusal(`ssh://${"u".repeat(33)}@build.example`)).toBe(bad("u".repeat(33)));
    expect(accepted(`ssh://${"u".repeat(32)}@build.example`).user).toBe("u".repeat(32));
  });
});
