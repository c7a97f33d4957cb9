// For server-rendered pages: run a read and keep a typed error as data, so the page shows an error screen
// (never a blank page) while unexpected failures still reach Next's error boundary.
import "server-only";
import { AppError } from "@/lib/api/errors";
import type { ApiErrorDetail } from "@/lib/api/types";

export type Loaded<T> = { data: T; error: null } | { data: null; error: ApiErrorDetail };

export async function load<T>(fn: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { data: await fn(), error: null };
  } catch (err) {
    if (err instanceof AppError) return { data: null, error: err.toJSON() };
    throw err;
  }
}
