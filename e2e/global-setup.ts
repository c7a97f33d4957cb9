// Before the e2e tests: sign the admin (created from NETATLAS_ADMIN_PASSWORD) in on the shared data folder,
// keep that browser state for every test, and add a viewer and an operator for the role tests.
import { request } from "@playwright/test";
import { ADMIN, SERVERS, STATE } from "../playwright.config";

export const USERS = {
  viewer: { username: "e2e-viewer", password: "e2e viewer password", role: "viewer" },
  operator: { username: "e2e-operator", password: "e2e operator password", role: "operator" },
} as const;

export default async function globalSetup(): Promise<void> {
  const api = await request.newContext({ baseURL: SERVERS.main, extraHTTPHeaders: { Origin: SERVERS.main } });
  const login = await api.post("/api/auth/login", { data: ADMIN });
  if (!login.ok()) throw new Error(`e2e: admin sign-in failed: ${login.status()} ${await login.text()}`);
  for (const user of Object.values(USERS)) {
    const made = await api.post("/api/users", { data: user });
    if (!made.ok() && made.status() !== 409) {
      throw new Error(`e2e: could not add ${user.username}: ${made.status()} ${await made.text()}`);
    }
  }
  await api.storageState({ path: STATE });
  await api.dispose();
}
