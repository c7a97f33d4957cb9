// What a request says about itself: the client address (trusted only from our own server, by its key), https,
// and the checks that refuse forged changes: origin, Sec-Fetch-Site, JSON content type, Next's internal header.
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/api/errors";
import {
  checkJsonContentType,
  checkMutationOrigin,
  clientAddress,
  isHttps,
  isMutation,
  PEER_HEADER,
  PEER_KEY_HEADER,
  refuseInternalHeaders,
} from "./request";

const URL_BASE = "http://127.0.0.1:3000";

function req(
  headers: Record<string, string> = {},
  url = `${URL_BASE}/api/networks`,
  method = "POST",
): Request {
  return new Request(url, { method, headers });
}

function refusal(fn: () => void): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

afterEach(() => {
  delete process.env.NETATLAS_PEER_KEY;
  delete process.env.NETATLAS_ORIGIN;
});

describe("clientAddress", () => {
  it("trusts the peer header only with the right peer key", () => {
    process.env.NETATLAS_PEER_KEY = "k3y-from-server";
    expect(clientAddress(req({ [PEER_HEADER]: "203.0.113.5", [PEER_KEY_HEADER]: "k3y-from-server" }))).toBe(
      "203.0.113.5",
    );
    expect(clientAddress(req({ [PEER_HEADER]: "203.0.113.5", [PEER_KEY_HEADER]: "guess" }))).toBe("unknown");
    expect(clientAddress(req({ [PEER_HEADER]: "203.0.113.5" }))).toBe("unknown");
    expect(clientAddress(req({ [PEER_KEY_HEADER]: "k3y-from-server" }))).toBe("unknown");
    expect(clientAddress(req())).toBe("unknown");
  });

  it('answers "unknown" when no peer key is configured, whatever the request sends', () => {
    expect(clientAddress(req({ [PEER_HEADER]: "203.0.113.5", [PEER_KEY_HEADER]: "" }))).toBe("unknown");
    expect(clientAddress(req({ [PEER_HEADER]: "203.0.113.5", [PEER_KEY_HEADER]: "undefined" }))).toBe(
      "unknown",
    );
    process.env.NETATLAS_PEER_KEY = "";
    expect(clientAddress(req({ [PEER_HEADER]: "203.0.113.5", [PEER_KEY_HEADER]: "" }))).toBe("unknown");
  });

  it("ignores the usual forwarding headers a client can set", () => {
    process.env.NETATLAS_PEER_KEY = "k3y";
    expect(clientAddress(req({ "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" }))).toBe(
      "unknown",
    );
  });
});

describe("isHttps and isMutation", () => {
  it("reads https from the URL or the first X-Forwarded-Proto", () => {
    expect(isHttps(req({}, "https://netatlas.example/api"))).toBe(true);
    expect(isHttps(req({}, "http://netatlas.example/api"))).toBe(false);
    expect(isHttps(req({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttps(req({ "x-forwarded-proto": "https, http" }))).toBe(true);
    expect(isHttps(req({ "x-forwarded-proto": "http" }, "https://netatlas.example/api"))).toBe(false);
  });

  it("counts everything but GET, HEAD and OPTIONS as a change", () => {
    for (const m of ["GET", "HEAD", "OPTIONS", "get"]) expect(isMutation(m), m).toBe(false);
    for (const m of ["POST", "PUT", "PATCH", "DELETE", "post"]) expect(isMutation(m), m).toBe(true);
  });
});

describe("checkMutationOrigin", () => {
  it("accepts the request's own origin, with or without a cookie", () => {
    for (const ambient of [true, false]) {
      expect(() => checkMutationOrigin(req({ origin: URL_BASE }), ambient)).not.toThrow();
      expect(() =>
        checkMutationOrigin(req({ origin: URL_BASE, "sec-fetch-site": "same-origin" }), ambient),
      ).not.toThrow();
    }
    expect(() =>
      checkMutationOrigin(req({ origin: URL_BASE, "sec-fetch-site": "none" }), true),
    ).not.toThrow();
  });

  it("takes the own origin from Host and X-Forwarded-Proto (behind a proxy)", () => {
    const behind = { host: "netatlas.example", "x-forwarded-proto": "https" };
    expect(() =>
      checkMutationOrigin(req({ ...behind, origin: "https://netatlas.example" }), true),
    ).not.toThrow();
    expect(
      refusal(() => checkMutationOrigin(req({ ...behind, origin: "http://netatlas.example" }), true)).code,
    ).toBe("forbidden");
  });

  it("refuses a foreign origin, a lookalike, and the null origin", () => {
    for (const origin of [
      "https://evil.example",
      "http://127.0.0.1:3001",
      "https://127.0.0.1:3000",
      "http://127.0.0.1",
      `${URL_BASE}.evil.example`,
      `${URL_BASE}/`,
      "null",
      "",
    ]) {
      for (const ambient of [true, false]) {
        const err = refusal(() => checkMutationOrigin(req({ origin }), ambient));
        expect(err.code, `${origin} ${ambient}`).toBe("forbidden");
      }
    }
    expect(
      refusal(() => checkMutationOrigin(req({ origin: "https://evil.example" }), true)).message,
    ).toContain("https://evil.example");
  });

  it("refuses a cross-site or same-site Sec-Fetch-Site, even with a matching Origin", () => {
    for (const site of ["cross-site", "same-site"]) {
      const err = refusal(() =>
        checkMutationOrigin(req({ origin: URL_BASE, "sec-fetch-site": site }), false),
      );
      expect(err.code).toBe("forbidden");
      expect(err.message).toContain(site);
    }
  });

  it("requires an Origin on a cookie request, not on a token request", () => {
    const err = refusal(() => checkMutationOrigin(req(), true));
    expect(err.code).toBe("forbidden");
    expect(err.message).toContain("Origin");
    expect(() => checkMutationOrigin(req(), false)).not.toThrow();
  });

  it("accepts the origins listed in NETATLAS_ORIGIN (trailing slash ignored), and only those", () => {
    expect(
      refusal(() => checkMutationOrigin(req({ origin: "https://netatlas.example.org" }), true)).message,
    ).toContain("NETATLAS_ORIGIN");
    process.env.NETATLAS_ORIGIN = "https://netatlas.example.org/, https://other.example ";
    expect(() => checkMutationOrigin(req({ origin: "https://netatlas.example.org" }), true)).not.toThrow();
    expect(() => checkMutationOrigin(req({ origin: "https://other.example" }), true)).not.toThrow();
    expect(() => checkMutationOrigin(req({ origin: URL_BASE }), true)).not.toThrow();
    expect(refusal(() => checkMutationOrigin(req({ origin: "https://evil.example" }), true)).code).toBe(
      "forbidden",
    );
    expect(refusal(() => checkMutationOrigin(req({ origin: "null" }), true)).code).toBe("forbidden");
  });
});

describe("checkJsonContentType", () => {
  it("accepts application/json, with parameters and in any case", () => {
    for (const type of [
      "application/json",
      "application/json; charset=utf-8",
      "application/json;charset=UTF-8",
      "Application/JSON",
    ]) {
      expect(() => checkJsonContentType(req({ "content-type": type })), type).not.toThrow();
    }
  });

  it("refuses what a cross-site form can send, lookalikes, and no type at all with 415", () => {
    for (const type of [
      "text/plain",
      "text/plain; charset=utf-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonp",
      "application/json-patch+json",
      "text/json",
      "application/xml, application/json",
    ]) {
      const err = refusal(() => checkJsonContentType(req({ "content-type": type })));
      expect(err.code, type).toBe("unsupported_media_type");
    }
    const none = refusal(() => checkJsonContentType(req()));
    expect(none.code).toBe("unsupported_media_type");
    expect(none.message).toContain("none");
  });
});

describe("refuseInternalHeaders", () => {
  it("refuses x-middleware-subrequest (CVE-2025-29927) whatever its value", () => {
    for (const value of ["middleware", "src/middleware:middleware:middleware", ""]) {
      const err = refusal(() =>
        refuseInternalHeaders(req({ "x-middleware-subrequest": value }, undefined, "GET")),
      );
      expect(err.code).toBe("bad_request");
      expect(err.message).toContain("CVE-2025-29927");
    }
  });

  it("lets an ordinary request through", () => {
    expect(() =>
      refuseInternalHeaders(req({ origin: URL_BASE, "content-type": "application/json" })),
    ).not.toThrow();
  });
});

describe("warnPlainBehindHttps", () => {
  it("warns once when the public URL is https and a request came over plain http", async () => {
    const { warnPlainBehindHttps } = await import("./request");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const before = process.env.NETATLAS_PUBLIC_URL;
    try {
      process.env.NETATLAS_PUBLIC_URL = "https://netatlas.example.org";
      warnPlainBehindHttps(new Request("https://netatlas.example.org/api/health"));
      expect(warn).not.toHaveBeenCalled();
      warnPlainBehindHttps(new Request("http://netatlas.example.org/api/health"));
      warnPlainBehindHttps(new Request("http://netatlas.example.org/api/topology"));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain("NETATLAS_TRUST_PROXY=1");
    } finally {
      warn.mockRestore();
      if (before === undefined) delete process.env.NETATLAS_PUBLIC_URL;
      else process.env.NETATLAS_PUBLIC_URL = before;
    }
  });
});
