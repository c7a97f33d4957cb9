// Next.js configuration. dockerode stays a server-side external: bundling it pulls in ssh2's native addon and fails.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["dockerode"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
