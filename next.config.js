// Next.js configuration. dockerode, better-sqlite3 and ssh2 (SSH keys on /engines) stay server-side externals: bundling them pulls in
// native addons and fails. NETATLAS_BUILD_STANDALONE=1 (the container build, see Dockerfile) also writes
// .next/standalone: the server and only the node_modules files it uses. It is off for `npm start`, whose
// scripts/server.mjs runs from the project folder (Next would warn that "next start" does not run standalone).
// Security headers go on every response (pages get their CSP from proxy.ts, which makes a nonce per request;
// API answers and static files get a deny-all one here).
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  ...(process.env.NETATLAS_BUILD_STANDALONE === "1" ? { output: "standalone" } : {}),
  serverExternalPackages: ["dockerode", "better-sqlite3", "ssh2"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      ...["/_next/:path*", "/api/:path*"].map((source) => ({
        source,
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      })),
    ];
  },
};

module.exports = nextConfig;
