// Three test projects: "unit" (pure code, recorded fixtures, no engine), "integration" (our API against a real
// lab engine; scripts/test.sh starts it and sets DOCKER_HOST) and "swarm" (two lab hosts in a swarm).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React Server Components; tests run our server modules in plain Node.
      "server-only": fileURLToPath(new URL("./lib/testing/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/*.swarm.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          include: ["**/*.integration.test.ts"],
          exclude: ["node_modules/**", ".next/**"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Two lab hosts in a swarm (scripts/lab.sh up --hosts 2), named by NETATLAS_ENGINES.
          name: "swarm",
          environment: "node",
          include: ["**/*.swarm.test.ts"],
          exclude: ["node_modules/**", ".next/**"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
