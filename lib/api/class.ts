// The wire contract of follow-along (docs/classroom.md): a presenter's browser publishes where the class is —
// which lab and step, what is selected, the element being pointed at, the layout and the viewport, and (when
// they change) the node positions, so every follower draws the same picture. POST /api/class takes one state;
// GET /api/class/events streams the latest to followers. Pure: shared by the server, the client and tests.
import { z } from "zod";
import type { LabCheckResult } from "./labs";

/** A map element id as lib/topology/model.ts makes them ("container:local:3f2a…"): printable, bounded. */
const ELEMENT_ID = /^[a-z][a-z-]*:[^\s]{1,400}$/;
const elementRef = z.string().max(420).regex(ELEMENT_ID, "a map element id such as container:<engine>:<id>");
const finite = z.number().finite();

/** Most node positions one state may carry (a classroom lab has tens; the body cap bounds it too). */
export const CLASS_MAX_POSITIONS = 600;
/** The body cap of POST /api/class: positions of a few hundred nodes fit, a flood does not. */
export const CLASS_BODY_LIMIT = 48 * 1024;
/** Publishes one presenter may make: this many at once, and this many per second after that. */
export const CLASS_RATE = { burst: 20, perSecond: 20 } as const;

export const classViewport = z.strictObject({
  zoom: finite.min(0.01).max(10),
  /** The model point in the middle of what the presenter shows (the map beside the step panel). */
  x: finite,
  y: finite,
  /** The size of that part in CSS pixels: a follower on another screen scales to show the same part. */
  width: finite.min(1).max(20_000),
  height: finite.min(1).max(20_000),
});

const checkShown = z.strictObject({
  passed: z.boolean(),
  says: z.string().max(1000),
  saw: z.string().max(1000),
  command: z.string().max(2000),
});

export const classState = z.strictObject({
  /** The lab on the presenter's screen (null: the plain map). */
  lab: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/, "a lab id")
    .nullable(),
  /** Its current step, from 1 (as in /api/labs/{id}/steps/{n}). */
  step: z.number().int().min(1).max(200).nullable(),
  selection: elementRef.nullable(),
  /** The element being discussed: a ring on every screen. */
  pointer: elementRef.nullable(),
  /** The step's focus elements are highlighted (after it ran, or "Show on map"). */
  focus: z.boolean(),
  layout: z.enum(["fcose", "tiered", "hosts"]),
  viewport: classViewport.nullable(),
  /** The current step's last check, as the presenter saw it (followers see the same verdict). */
  check: checkShown.nullable(),
  /** Node positions (model coordinates), sent only when they changed; absent: the last ones still hold. */
  positions: z
    .record(elementRef, z.strictObject({ x: finite, y: finite }))
    .refine((p) => Object.keys(p).length <= CLASS_MAX_POSITIONS, `at most ${CLASS_MAX_POSITIONS} positions`)
    .optional(),
});

export type ClassState = z.infer<typeof classState>;
export type ClassViewport = z.infer<typeof classViewport>;
export type ClassCheck = z.infer<typeof checkShown>;

/** What followers receive (SSE event `state`): the state, who published it, and its number. */
export interface ClassMessage {
  /** Increases by one per publish in this server process. */
  seq: number;
  /** ISO time of the publish. */
  at: string;
  /** The presenter's user name. */
  presenter: string;
  state: ClassState;
}

/** The first event of GET /api/class/events when nobody presents yet: the follower waits. */
export interface ClassIdle {
  seq: 0;
  presenter: null;
}

/** The part of a check result followers are shown. */
export function shownCheck(result: LabCheckResult): ClassCheck {
  return {
    passed: result.passed,
    says: result.says.slice(0, 1000),
    saw: result.saw.slice(0, 1000),
    command: result.command.slice(0, 2000),
  };
}
