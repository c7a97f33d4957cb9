// What an engine address typed on /engines may be, checked before anything is stored or dialled. Pure.
// unix:///path (a socket on this server), tcp://host[:port] (TLS required: a plain TCP engine gives root on its
// host to anyone who reaches the port), ssh://user@host[:port] (the docker CLI on that host answers).

export type EngineKind = "unix" | "tcp" | "ssh";

export interface ParsedAddress {
  kind: EngineKind;
  /** The address as it will be stored and dialled (normalised: default ports filled in). */
  address: string;
  host: string | null;
  port: number | null;
  user: string | null;
  path: string | null;
}

export type AddressResult = { ok: true; value: ParsedAddress } | { ok: false; problem: string };

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
/** A unix socket path must fit sockaddr_un's sun_path (108 bytes with the final NUL). */
const SUN_PATH_MAX = 107;

function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return (
    parts.length === 4 &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && String(Number(p)) === p)
  );
}

function isIPv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(":")) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

function checkHostName(host: string): string | null {
  if (host.length === 0) return "names no host";
  if (host.startsWith("[")) {
    const inner = host.slice(1, -1);
    return host.endsWith("]") && isIPv6(inner) ? null : `"${host}" is not an IPv6 address`;
  }
  if (/^[\d.]+$/.test(host)) return isIPv4(host) ? null : `"${host}" is not an IPv4 address`;
  if (host.length > 253) return "has a host name longer than 253 characters";
  return host.split(".").every((label) => HOST_LABEL.test(label))
    ? null
    : `"${host}" is not a host name (letters, digits, - and dots)`;
}

function checkPort(text: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return `port "${text}" is not a number`;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : `port ${port} is outside 1-65535`;
}

const EXAMPLES = "unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host";

/** Splits `[user@]host[:port]` (host may be a bracketed IPv6 address). */
function splitAuthority(rest: string): { user: string | null; host: string; port: string | null } {
  const at = rest.lastIndexOf("@");
  const user = at >= 0 ? rest.slice(0, at) : null;
  const hostPort = at >= 0 ? rest.slice(at + 1) : rest;
  const v6 = hostPort.match(/^(\[[^\]]*\])(?::(.*))?$/);
  if (v6) return { user, host: v6[1] as string, port: v6[2] ?? null };
  const colon = hostPort.lastIndexOf(":");
  return colon >= 0
    ? { user, host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) }
    : { user, host: hostPort, port: null };
}

export function parseEngineAddress(input: string): AddressResult {
  const text = input.trim();
  const fail = (problem: string): AddressResult => ({ ok: false, problem });
  if (text.length === 0) return fail(`Give an engine address: ${EXAMPLES}.`);
  if (text.length > 1024) return fail("The address is longer than 1024 characters.");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\s]/.test(text)) return fail("The address has spaces or control characters.");
  const match = text.match(/^([a-z]+):\/\/(.*)$/i);
  if (!match) return fail(`"${text}" is not an engine address: use ${EXAMPLES}.`);
  const scheme = (match[1] as string).toLowerCase();
  const rest = match[2] as string;
  if (scheme === "unix") {
    if (!rest.startsWith("/"))
      return fail(`unix:// needs an absolute socket path: unix:///var/run/docker.sock.`);
    if (/(^|\/)\.\.?(\/|$)/.test(rest)) return fail("The socket path may not contain . or .. parts.");
    if (Buffer.byteLength(rest) > SUN_PATH_MAX)
      return fail(`The socket path is longer than ${SUN_PATH_MAX} bytes.`);
    return {
      ok: true,
      value: { kind: "unix", address: `unix://${rest}`, host: null, port: null, user: null, path: rest },
    };
  }
  if (scheme === "http" || scheme === "https") {
    return fail(`Use tcp://host:port rather than ${scheme}:// (the docker CLI's form).`);
  }
  if (scheme !== "tcp" && scheme !== "ssh")
    return fail(`"${scheme}://" is not an engine address: use ${EXAMPLES}.`);
  if (/[/?#]/.test(rest))
    return fail(
      `${scheme === "ssh" ? "An" : "A"} ${scheme}:// address has no path, query or fragment: ${scheme}://host:port.`,
    );
  const split = splitAuthority(rest);
  const { user, port } = split;
  // Host names are not case-sensitive: one engine, one address, however it was typed.
  const host = split.host.toLowerCase();
  const hostProblem = checkHostName(host);
  if (hostProblem) return fail(`The address ${hostProblem}.`);
  let portNumber = scheme === "tcp" ? 2376 : 22;
  if (port !== null) {
    const checked = checkPort(port);
    if (typeof checked === "string") return fail(`The address's ${checked}.`);
    portNumber = checked;
  }
  if (scheme === "tcp") {
    if (user !== null) return fail("A tcp:// address has no user; the client certificate says who you are.");
    return {
      ok: true,
      value: {
        kind: "tcp",
        address: `tcp://${host}:${portNumber}`,
        host,
        port: portNumber,
        user: null,
        path: null,
      },
    };
  }
  if (!user) return fail("Name the SSH user: ssh://user@host[:port].");
  if (!USER.test(user)) return fail(`"${user}" is not a user name (letters, digits, _ . -).`);
  const shownPort = portNumber === 22 ? "" : `:${portNumber}`;
  return {
    ok: true,
    value: {
      kind: "ssh",
      address: `ssh://${user}@${host}${shownPort}`,
      host,
      port: portNumber,
      user,
      path: null,
    },
  };
}
