// DNS rebinding: a page on evil.example whose name is made to point at 127.0.0.1 can talk to a dashboard on
// the same machine with the browser's help, and it sends "Host: evil.example". So every request's Host
// must be one Netatlas answers to: the address it is bound to, localhost, the public URL's host, the
// origins in NETATLAS_ORIGIN, and NETATLAS_ALLOWED_HOSTS (names, ".example.org" for a domain and its
// subdomains, "*" to switch the check off). An IP address is always accepted: a rebinding attack needs a
// name, and a literal address cannot be rebound. Checked on pages (proxy.ts) and on every API route (guard).
// No "server-only": proxy.ts imports it.
import { AppError } from "@/lib/api/errors";

/** The host part of a Host header: no port, no brackets, lower case, no trailing dot. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(h);
  if (bracketed) return bracketed[1] ?? "";
  const colons = h.split(":").length - 1;
  const bare = colons === 1 ? h.slice(0, h.indexOf(":")) : h;
  return bare.replace(/\.$/, "");
}

function isIpLiteral(name: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return name.split(".").every((o) => Number(o) <= 255);
  return name.includes(":") && /^[0-9a-f:.]+$/.test(name);
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return hostName(new URL(url).host);
  } catch {
    return null;
  }
}

/** The names (and ".domain" suffixes) allowed besides IP literals, from the environment. */
export function allowedHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = (env.NETATLAS_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase().replace(/\.$/, ""))
    .filter(Boolean)
    .map((s) => (s === "*" || s.startsWith(".") ? s : hostName(s)));
  const origins = (env.NETATLAS_ORIGIN ?? "").split(",").map((o) => hostOf(o.trim()));
  const bound = env.NETATLAS_BIND_HOST ? hostName(env.NETATLAS_BIND_HOST) : null;
  return [
    ...new Set(
      ["localhost", bound, hostOf(env.NETATLAS_PUBLIC_URL), ...origins, ...listed].filter(
        (h): h is string => !!h,
      ),
    ),
  ];
}

export function hostAllowed(header: string, allowed: string[] = allowedHosts()): boolean {
  const name = hostName(header);
  if (!name) return false;
  if (isIpLiteral(name)) return true;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  return allowed.some(
    (a) => a === "*" || a === name || (a.startsWith(".") && (name === a.slice(1) || name.endsWith(a))),
  );
}

/** The Host a request was addressed to: its header, or its URL's when there is none (tests, internal calls). */
export function requestHost(request: Request): string {
  return request.headers.get("host") ?? new URL(request.url).host;
}

/** Refuses a request addressed to a host Netatlas does not answer to (403, saying how to allow it). */
export function checkHost(request: Request): void {
  const host = requestHost(request);
  if (hostAllowed(host)) return;
  throw new AppError(
    "forbidden",
    `This Netatlas does not answer to the host name "${hostName(host).slice(0, 100)}" (a defence against DNS rebinding). If that is its real name, add it to NETATLAS_ALLOWED_HOSTS (or set NETATLAS_PUBLIC_URL).`,
  );
}
