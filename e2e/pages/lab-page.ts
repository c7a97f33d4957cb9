// Helpers for the lab and class specs: a browser context signed in as one of the e2e users (through the API, as
// the login form would), the fixture lab's reset, and a clock read inside a page when something appears.
import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { SERVERS } from "../../playwright.config";

/** The fixture lab (e2e/fixtures/labs/e2e-class.yaml, read through NETATLAS_LABS_DIR). */
export const LAB = "e2e-class";

export async function signedIn(
  browser: Browser,
  user: { username: string; password: string },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    baseURL: SERVERS.main,
  });
  const login = await context.request.post("/api/auth/login", {
    data: { username: user.username, password: user.password },
    headers: { Origin: SERVERS.main },
  });
  expect(login.ok(), await login.text()).toBe(true);
  return context;
}

/** Removes what the fixture lab made (as the admin of the shared state), and says what it removed. */
export async function resetFixtureLab(page: Page): Promise<void> {
  const answer = await page.request.post(`/api/labs/${LAB}/reset`, {
    headers: { Origin: SERVERS.main },
    data: {},
  });
  expect(answer.ok(), await answer.text()).toBe(true);
}

/**
 * Starts watching, inside `page`, for `selector`'s attribute to equal `value`; the returned function resolves
 * with the page's Date.now() at the first animation frame that showed it (the same machine's clock as the
 * other page's, so the two can be subtracted).
 */
export async function watchAttribute(
  page: Page,
  selector: string,
  attribute: string,
  value: string,
): Promise<() => Promise<number>> {
  const key = `${selector}|${attribute}|${value}`;
  await page.evaluate(
    ([k, sel, attr, want]) => {
      const w = window as unknown as { seen?: Record<string, number> };
      w.seen ??= {};
      const look = () => {
        if (document.querySelector(sel as string)?.getAttribute(attr as string) === want) {
          (w.seen as Record<string, number>)[k as string] = Date.now();
          return;
        }
        requestAnimationFrame(look);
      };
      look();
    },
    [key, selector, attribute, value],
  );
  return async () => {
    await expect
      .poll(
        () =>
          page.evaluate((k) => (window as unknown as { seen?: Record<string, number> }).seen?.[k] ?? 0, key),
        {
          timeout: 10_000,
        },
      )
      .toBeGreaterThan(0);
    return page.evaluate(
      (k) => (window as unknown as { seen: Record<string, number> }).seen[k] as number,
      key,
    );
  };
}

/** The page's Date.now() at the next key press or pointer press (captured before the page handles it). */
export async function stampNextInput(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { inputAt?: number };
    w.inputAt = 0;
    const stamp = () => {
      if (!w.inputAt) w.inputAt = Date.now();
    };
    window.addEventListener("keydown", stamp, { capture: true, once: true });
    window.addEventListener("pointerdown", stamp, { capture: true, once: true });
  });
  return () => page.evaluate(() => (window as unknown as { inputAt: number }).inputAt);
}
