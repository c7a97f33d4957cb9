// Next.js configuration. dockerode and better-sqlite3 stay server-side externals: bundling them pulls in
// native addons and fails.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["dockerode", "better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
