// Runs before every page (not API routes or static files, which get their fixed headers from next.config.js
// and so skip a middleware hop on every read): a fresh nonce and the Content-Security-Policy that allows only
// our own scripts (no unsafe-eval outside `next dev`), a refusal of the internal x-middleware-subrequest
// header, and of a Host Netatlas does not answer to (DNS rebinding, lib/auth/allowed-hosts.ts). It never decides who may see what: every page and route checks that itself.
import { type NextRequest, NextResponse } from "next/server";
import { hostAllowed, hostName, requestHost } from "@/lib/auth/allowed-hosts";

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and Cytoscape set element styles; inline style attributes cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest): NextResponse {
  if (request.headers.has("x-middleware-subrequest")) {
    return NextResponse.json(
      {
        error: {
          code: "bad_request",
          message: "The x-middleware-subrequest header is refused.",
          detail: null,
        },
      },
      { status: 400 },
    );
  }
  const host = requestHost(request);
  if (!hostAllowed(host)) {
    return new NextResponse(
      `This Netatlas does not answer to the host name "${hostName(host).slice(0, 100)}" (a defence against DNS rebinding). If that is its real name, add it to NETATLAS_ALLOWED_HOSTS.\n`,
      { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } },
    );
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image).*)"],
};
