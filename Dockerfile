# Netatlas as a container: Next.js's standalone output run by scripts/server.mjs (the same server as
# `npm start`: it records each client's address from the socket), as a non-root user (uid 1000), with the
# root filesystem read-only if you like (everything written goes to the /data volume), and a health check.
# How to run it: README.md "Deployment" and docs/deploy.md.
#
#   docker build -t netatlas .                      # the normal path: npm ci + next build inside the build
#
# BASE_IMAGE is any Node 20 image on glibc with /bin/sh (default: the public node:20-bookworm-slim). The
# normal path needs the npm registry inside the build (and GitHub, where better-sqlite3 fetches its prebuilt
# addon). PREBUILT=1 is the offline path: the context already holds the output of `next build` with
# NETATLAS_BUILD_STANDALONE=1 (.next/standalone, .next/static, public, scripts/server.mjs,
# scripts/container-server.mjs and scripts/lib/http-metrics.mjs) and lib/labs/library, built on a machine with the same Node 20 and glibc, and
# nothing is fetched.
# CI (scripts/container-test.sh) exercises only the offline path, on a base made from Debian packages
# (scripts/container-base.sh), with the legacy builder; the normal path is not run by any test here (this
# machine reaches no registry).
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
ARG PREBUILT=0
ENV NEXT_TELEMETRY_DISABLED=1 NETATLAS_BUILD_STANDALONE=1
WORKDIR /src
COPY . .
# /app gets the standalone server (the server code and only the node_modules files it uses), the browser's
# static files, our two server scripts (and the request metrics they load) and the shipped lab files (read at run time, so Next does not trace them);
# /data-dir becomes the data volume's mount point. Next's own server.js goes: it would not record the client's
# address from the socket (lib/auth/request.ts).
RUN set -eu; \
    if [ "$PREBUILT" = 1 ]; then \
      [ -f .next/standalone/server.js ] || { echo "PREBUILT=1: no .next/standalone in the build context" >&2; exit 1; }; \
    else \
      npm ci --no-audit --no-fund && npx next build; \
    fi; \
    mkdir -p /app/scripts /data-dir; \
    cp -a .next/standalone/. /app/; \
    cp -a .next/static /app/.next/static; \
    cp -a public /app/public; \
    cp scripts/server.mjs scripts/container-server.mjs /app/scripts/; \
    mkdir -p /app/scripts/lib && cp scripts/lib/http-metrics.mjs /app/scripts/lib/; \
    mkdir -p /app/lib/labs && cp -a lib/labs/library /app/lib/labs/; \
    rm -f /app/server.js; \
    chmod -R a+rX,go-w /app

FROM ${BASE_IMAGE}
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 PORT=3000 NETATLAS_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
COPY --from=build --chown=1000:1000 /data-dir /data
# COPY does not keep a folder's mode (and --chmod needs BuildKit): the data folder is the user's alone.
RUN ["chmod", "0700", "/data"]
# Non-root. The Docker socket's group is added at run time (docker run --group-add <gid of the socket>).
USER 1000:1000
VOLUME /data
EXPOSE 3000
# Healthy when the server answers /api/health: 200, or 401 (it wants a sign-in; unless the anonymous viewer is
# on, the health check cannot sign in). 503 (no engine answers, anonymous viewer on) counts as unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit([200, 401].includes(r.status) ? 0 : 1), () => process.exit(1))"]
CMD ["node", "scripts/container-server.mjs"]
