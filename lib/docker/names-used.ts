// The host names a container's configuration refers to: hosts of URLs and `host:port` words in its environment
// and command, and the values of variables named like *_HOST or *_ADDR. Only names are kept (never a value, a
// user or a password), so the wire carries no secret; findings use them to see who addresses whom by name.

/** Variables whose value is a host name (or a list of them): DB_HOST, REDIS_ADDR, UPSTREAM, PEERS… */
const HOST_VARIABLE = /(^|_)(HOSTS?|HOSTNAMES?|ADDRS?|ADDRESS(ES)?|SERVERS?|UPSTREAMS?|BACKENDS?|PEERS?)$/i;
/** scheme://[user[:password]@]host[:port]… */
const URL_HOST = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s/@]*@)?([a-z0-9_][a-z0-9_.-]*)/gi;
/** A word that is host:port. */
const HOST_PORT = /^([a-z0-9_][a-z0-9_.-]*):(\d{1,5})$/i;
const NAME = /^[a-z0-9_]([a-z0-9_.-]{0,252})$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
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

function fromText(text: string, into: Set<string>): void {
  for (const match of text.matchAll(URL_HOST)) if (match[1] && isName(match[1])) into.add(match[1]);
  for (const word of text.split(/[\s,;]+/)) {
    const hp = HOST_PORT.exec(word);
    if (hp?.[1] && isName(hp[1])) into.add(hp[1]);
  }
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
    fromText(value, found);
    if (HOST_VARIABLE.test(key) && !value.includes("://")) {
      for (const part of value.split(/[\s,;]+/)) {
        const host = part.replace(/:\d{1,5}$/, "");
        if (isName(host)) found.add(host);
      }
    }
  }
  for (const part of command.flatMap(words)) fromText(part, found);
  return [...new Set([...found].map((n) => n.toLowerCase().replace(/\.$/, "")))].sort().slice(0, MAX_NAMES);
}
