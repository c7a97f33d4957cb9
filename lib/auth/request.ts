// What a request says about where it comes from: the client's address (set by scripts/server.mjs from the
// socket, so a client cannot choose it), whether it came over https, and the checks that refuse forged
// mutations: a foreign or null Origin, a cross-site Sec-Fetch-Site, no Origin on a cookie request, a body
// that is not JSON, and the internal header behind CVE-2025-29927.
import "server-only";
import { AppError } from "@/lib/api/errors";
import { extraOrigins } from "./settings";

export const PEER_HEADER = "x-netatlas-peer";
export const PEER_KEY_HEADER = "x-netatlas-peer-key";

/** The client's address, as our server saw the socket; "unknown" when the request did not pass through it. */
export function clientAddress(request: Request): string {
  const key = process.env.NETATLAS_PEER_KEY;
  const peer = request.headers.get(PEER_HEADER);
  if (key && peer && request.headers.get(PEER_KEY_HEADER) === key) return peer;
  return "unknown";
}

export function isHttps(request: Request): boolean {
  const proto = request.headers.get("x-forwarded-proto");
  if (proto) return proto.split(",")[0]?.trim() === "https";
  return new URL(request.url).protocol === "https:";
}

const warned = globalThis as typeof globalThis & { __netatlasPlainWarned?: boolean };

/**
 * Says once, in the server log, when the public URL is https but a request arrived as plain http: behind a
 * TLS proxy without NETATLAS_TRUST_PROXY=1 the proxy's X-Forwarded-Proto is dropped, so the session cookie
 * loses its Secure flag and origins do not match.
 */
export function warnPlainBehindHttps(request: Request): void {
  if (warned.__netatlasPlainWarned || isHttps(request)) return;
  if (!/^https:/i.test(process.env.NETATLAS_PUBLIC_URL ?? "")) return;
  warned.__netatlasPlainWarned = true;
  console.warn(
    `netatlas: NETATLAS_PUBLIC_URL is ${process.env.NETATLAS_PUBLIC_URL} but a request arrived over plain http. Behind a TLS proxy, set NETATLAS_TRUST_PROXY=1 (and have the proxy send X-Forwarded-Proto: https): without it session cookies are sent without Secure.`,
  );
}

export function isMutation(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

function ownOrigin(request: Request): string | null {
  const host = request.headers.get("host") ?? new URL(request.url).host;
  if (!host) return null;
  return `${isHttps(request) ? "https" : "http"}://${host}`;
}

/** Refuses a request carrying Next's internal subrequest header: no client has a reason to send it. */
export function refuseInternalHeaders(request: Request): void {
  if (request.headers.has("x-middleware-subrequest")) {
    throw new AppError(
      "bad_request",
      "The x-middleware-subrequest header is internal to Next.js and is refused (CVE-2025-29927).",
    );
  }
}

/**
 * A change must come from our own pages (or a script with a token): same origin, same site, JSON.
 * `ambient` is true when the credentials are a cookie the browser sends by itself.
 */
export function checkMutationOrigin(request: Request, ambient: boolean): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("forbidden", `Cross-site request refused (Sec-Fetch-Site: ${site}).`);
  }
  const origin = request.headers.get("origin");
  if (origin === null) {
    if (ambient) {
      throw new AppError(
        "forbidden",
        "A change made with a session cookie must carry an Origin header; the request was refused.",
      );
    }
    return;
  }
  const allowed = [ownOrigin(request), ...extraOrigins()].filter(Boolean);
  if (origin === "null" || !allowed.includes(origin)) {
    throw new AppError(
      "forbidden",
      `Request from another origin refused (Origin: ${origin}). Changes are accepted only from this dashboard's own pages${extraOrigins().length ? "" : "; behind a proxy, set NETATLAS_ORIGIN to the public address"}.`,
    );
  }
}

/** Mutations carry JSON: a form or text/plain body (what a cross-site page can send without asking) is refused. */
export function checkJsonContentType(request: Request): void {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError(
      "unsupported_media_type",
      `Send changes as JSON with Content-Type: application/json (got ${type ? `"${type}"` : "none"}).`,
    );
  }
}
