// Validation of object references taken from URLs, answered before Docker is called.
import { AppError } from "./errors";

/** Docker ids are hex; names are [a-zA-Z0-9][a-zA-Z0-9_.-]*. Anything else cannot name an object. */
const REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
const ENGINE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function parseRef(kind: "network" | "container", value: string): string {
  if (!REF.test(value)) {
    throw new AppError(
      "bad_request",
      `"${value.slice(0, 80)}" is not a valid ${kind} id or name (letters, digits, "_", "." and "-", at most 255).`,
    );
  }
  return value;
}

/** An optional engine id (the `?engine=` query parameter); null when not given. */
export function parseEngineId(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (!ENGINE.test(value))
    throw new AppError("bad_request", `"${value.slice(0, 40)}" is not a valid engine id.`);
  return value;
}

export function parseEngineParam(url: string): string | null {
  return parseEngineId(new URL(url).searchParams.get("engine"));
}

/** The live stream's resume point: the Last-Event-ID header, or ?lastEventId= for clients that reconnect by hand. */
export function parseLastEventId(request: Request): number | null {
  const value = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  if (value === null || value === "") return null;
  if (!/^\d{1,15}$/.test(value))
    throw new AppError("bad_request", `Last-Event-ID "${value.slice(0, 20)}" is not an event number.`);
  return Number(value);
}

/** A numeric id in a path (users, tokens): a positive integer, or 400. */
export function parseNumericId(kind: string, value: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) {
    throw new AppError(
      "bad_request",
      `"${value.slice(0, 40)}" is not a ${kind} id (a positive whole number).`,
    );
  }
  return Number(value);
}
