// The Host allow-list against DNS rebinding: IP literals and localhost always, the bound address, the
// public URL's host, NETATLAS_ORIGIN and NETATLAS_ALLOWED_HOSTS (names, ".domain" suffixes, "*"); every
// other name refused on pages (proxy.ts) and on API routes (guard), with what to do.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as health } from "@/app/api/health/route";
import { call } from "@/lib/testing/routes";
import { guardedSuite } from "@/lib/testing/tripwire";
import { proxy } from "@/proxy";
import { allowedHosts, hostAllowed, hostName } from "./allowed-hosts";

guardedSuite();

const ENV = ["NETATLAS_ALLOWED_HOSTS", "NETATLAS_PUBLIC_URL", "NETATLAS_ORIGIN", "NETATLAS_BIND_HOST"];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("hostName", () => {
  it("strips the port, brackets, case and a trailing dot", () => {
    expect(hostName("Example.ORG:3000")).toBe("example.org");
    expect(hostName("[::1]:3000")).toBe("::1");
    expect(hostName("::1")).toBe("::1");
    expect(hostName("netatlas.example.org.")).toBe("netatlas.example.org");
  });
});

describe("hostAllowed", () => {
  const env = (vars: Record<string, string>) => allowedHosts(vars as NodeJS.ProcessEnv);

  it("accepts IP literals and localhost whatever the settings", () => {
    const none = env({});
    for (const h of [
      "127.0.0.1:3000",
      "10.1.2.3",
      "[::1]:3000",
      "[2001:db8::5]",
      "localhost:3000",
      "app.localhost",
    ]) {
      expect({ h, ok: hostAllowed(h, none) }).toEqual({ h, ok: true });
    }
  });

  it("refuses any other name by default: the DNS rebinding case", () => {
    const none = env({});
    for (const h of [
      "evil.example",
      "evil.example:3000",
      "127.0.0.1.nip.io",
      "localhost.evil.example",
      "",
      "999.1.1.1",
    ]) {
      expect({ h, ok: hostAllowed(h, none) }).toEqual({ h, ok: false });
    }
  });

  it("accepts the public URL's host, NETATLAS_ORIGIN's, the bound name and the listed ones", () => {
    const allowed = env({
      NETATLAS_PUBLIC_URL: "https://netatlas.example.org/",
      NETATLAS_ORIGIN: "https://dash.example.net",
      NETATLAS_BIND_HOST: "box.lan",
      NETATLAS_ALLOWED_HOSTS: "ops.example.com:8443, .corp.example",
    });
    for (const h of [
      "netatlas.example.org",
      "dash.example.net:443",
      "box.lan:3000",
      "ops.example.com",
      "corp.example",
      "a.b.corp.example",
    ]) {
      expect({ h, ok: hostAllowed(h, allowed) }).toEqual({ h, ok: true });
    }
    for (const h of ["example.org", "xcorp.example", "ops.example.com.evil"]) {
      expect({ h, ok: hostAllowed(h, allowed) }).toEqual({ h, ok: false });
    }
  });

  it("accepts everything with NETATLAS_ALLOWED_HOSTS=*", () => {
    expect(hostAllowed("anything.example", env({ NETATLAS_ALLOWED_HOSTS: "*" }))).toBe(true);
  });
});

describe("checked on every request", () => {
  it("refuses an API read and a sign-in addressed to a foreign name (403), and answers its own", async () => {
    const foreign = await call<{ error: { message: string } }>(
      health,
      "/api/health",
      {},
      {
        as: "viewer",
        headers: { host: "rebound.evil.example" },
      },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toContain("NETATLAS_ALLOWED_HOSTS");
    const signIn = await call(
      login,
      "/api/auth/login",
      {},
      {
        method: "POST",
        as: "nobody",
        headers: {
          host: "rebound.evil.example",
          origin: "http://rebound.evil.example",
          "content-type": "application/json",
        },
        body: { username: "test-admin", password: "whatever password" },
      },
    );
    expect(signIn.status).toBe(403);
    process.env.NETATLAS_ALLOWED_HOSTS = "rebound.evil.example";
    const listed = await call(
      health,
      "/api/health",
      {},
      { as: "viewer", headers: { host: "rebound.evil.example" } },
    );
    expect(listed.status).not.toBe(403);
  });

  it("refuses a page addressed to a foreign name in proxy.ts", () => {
    const page = (host: string) => proxy(new NextRequest("http://127.0.0.1:3000/", { headers: { host } }));
    const refused = page("rebound.evil.example:3000");
    expect(refused.status).toBe(403);
    expect(page("127.0.0.1:3000").status).toBe(200);
  });
});
