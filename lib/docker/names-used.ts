// The host names a container's configuration refers to: hosts of URLs and `host:port` words in its environment
// and command, and the values of variables named like *_HOST or *_ADDR. Only names are kept (never a value, a
// user or a password), so the wire carries no secret; findings use them to see who addresses whom by name.

/** Variables whose value is a host name (or a list of them): DB_HOST, REDIS_ADDR, UPSTREAM, PEERS… */
const HOST_VARIABLE = /(^|_)(HOSTS?|HOSTNAMES?|ADDRS?|ADDRESS(ES)?|SERVERS?|UPSTREAMS?|BACKENDS?|PEERS?)$/i;
/** Where a URL starts: scheme:// */
const URL_START = /\b[a-z][a-z0-9+.-]*:\/\//gi;
/** A word that is host:port. */
const HOST_PORT = /^([a-z0-9_][a-z0-9_.-]*):(\d{1,5})$/i;
const NAME = /^[a-z0-9_]([a-z0-9_.-]{0,252})$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** Variables that hold secrets are never read, not even for a host name. */
const SECRET_VARIABLE = /PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH/i;
/** Variables whose value may hold host:port words (an address, a URL, a DSN…). */
const ADDRESS_VARIABLE = /HOST|ADDR|SERVER|UPSTREAM|BACKEND|PEER|URL|URI|DSN|ENDPOINT|BROKER|NODES?$/i;
const MAX_NAMES = 20;

function isName(word: string): boolean {
  const w = word.toLowerCase().replace(/\.$/, "");
  return (
    NAME.test(w) &&
    !IPV4.test(w) &&
    /[a-z]/.test(w) &&
    !["localhost", "0.0.0.0", "true", "false", "yes", "no", "none"].includes(w)
  );
}

/**
 * The host of each URL in `text`. The user and password (everything up to the last "@" before the path's query)
 * are skipped, even when they hold characters that should have been escaped ("p@ss", "pa/ss").
 */
function urlHosts(text: string): string[] {
  const hosts: string[] = [];
  for (const m of text.matchAll(URL_START)) {
    const rest = text.slice((m.index ?? 0) + m[0].length).split(/\s/)[0] ?? "";
    const beforeQuery = rest.split(/[?#]/)[0] ?? "";
    const at = beforeQuery.lastIndexOf("@");
    const authority = (at >= 0 ? beforeQuery.slice(at + 1) : beforeQuery).split("/")[0] ?? "";
    const host = authority.startsWith("[") ? "" : authority.replace(/:\d*$/, "");
    if (isName(host)) hosts.push(host);
  }
  return hosts;
}

function hostPortWords(text: string): string[] {
  return text.split(/[\s,;]+/).flatMap((word) => {
    const hp = HOST_PORT.exec(word);
    return hp?.[1] && isName(hp[1]) ? [hp[1]] : [];
  });
}

function words(value: string[] | string | null | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : [value];
}

/** The host names `env` (KEY=VALUE) and the command refer to, lower-cased, sorted, at most 20. */
export function namesUsed(
  env: string[] | null | undefined,
  command: Array<string[] | string | null | undefined>,
): string[] {
  const found = new Set<string>();
  for (const entry of env ?? []) {
    const eq = entry.indexOf("=");
    if (eq <= 0) continue;
    const key = entry.slice(0, eq);
    const value = entry.slice(eq + 1);
    if (SECRET_VARIABLE.test(key)) continue;
    for (const host of urlHosts(value)) found.add(host);
    if (ADDRESS_VARIABLE.test(key)) for (const host of hostPortWords(value)) found.add(host);
    if (HOST_VARIABLE.test(key) && !value.includes("://")) {
      for (const part of value.split(/[\s,;]+/)) {
        const host = part.replace(/:\d{1,5}$/, "");
        if (isName(host)) found.add(host);
      }
    }
  }
  for (const part of command.flatMap(words))
    for (const host of [...urlHosts(part), ...hostPortWords(part)]) found.add(host);
  return [...new Set([...found].map((n) => n.toLowerCase().replace(/\.$/, "")))].sort().slice(0, MAX_NAMES);
}
