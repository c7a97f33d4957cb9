// The wire contract of who may do what: roles, permissions, the account/user/token/audit DTOs and the zod
// schemas of every auth request body. Pure: the server enforces it, the browser uses it to hide what a user
// cannot do.
import { z } from "zod";

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a route needs. read: see topology; operate: change Docker (networks, connections, probes);
 * admin: users, engines, audit log; audit: read the audit log (an admin, or an admin's "audit" token: what a log
 * pipeline holds); account: one's own password and API tokens (a signed-in person, not a token or the anonymous
 * viewer).
 */
export type Permission = "read" | "operate" | "admin" | "audit" | "account";

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAllows(role: Role, need: Permission): boolean {
  if (need === "read" || need === "account") return true;
  if (need === "operate") return RANK[role] >= RANK.operator;
  // "audit" beyond an admin's role (an audit token) is the guard's to grant: it knows the token.
  return role === "admin";
}

/** A token never outranks the user who made it: its role is the lower of the two. */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

export const TOKEN_SCOPES = ["read", "operator", "audit"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/**
 * The role a token's scope caps its owner to. "audit" reads like "read" and, for an admin's token only, also
 * the audit log (its download and live stream): what a log pipeline needs, and nothing that changes anything.
 */
export const SCOPE_ROLE: Record<TokenScope, Role> = { read: "viewer", operator: "operator", audit: "viewer" };

export type PrincipalKind = "session" | "token" | "anonymous";

/** GET /api/auth/me: who the browser is and what it may do (the UI hides the rest). */
export interface SessionInfoDto {
  user: { id: number; username: string; role: Role } | null;
  via: PrincipalKind;
  /** The role that applies to this request (a token's scope caps it; the anonymous viewer is a viewer). */
  role: Role;
  readOnly: boolean;
  can: { operate: boolean; admin: boolean };
  /** Session expiry (ISO); null for tokens and the anonymous viewer. */
  expiresAt: string | null;
}

export interface UserDto {
  id: number;
  username: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}

export interface TokenDto {
  id: number;
  name: string;
  scope: TokenScope;
  /** The first characters of the token, to tell tokens apart; the rest is never stored. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to creating a token: the only time the secret is shown. */
export interface NewTokenDto extends TokenDto {
  token: string;
}

export type AuditResult = "ok" | "error" | "denied";

export interface AuditEntryDto {
  id: number;
  time: string;
  /** Username, "anonymous", or "-" when nobody could be identified. */
  actor: string;
  via: string;
  address: string;
  action: string;
  target: string;
  params: unknown;
  result: AuditResult;
  status: number;
  /** The error message, and Docker's own message when Docker refused. */
  error: string | null;
}

export interface AuditPageDto {
  entries: AuditEntryDto[];
  total: number;
  limit: number;
  offset: number;
}

export const PASSWORD_MIN = 12;
const username = z
  .string()
  .trim()
  .min(1, "Enter a user name.")
  .max(64, "At most 64 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, "Letters, digits, and . _ @ - only; start with a letter or digit.");
const newPassword = z
  .string()
  .min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters.`)
  .max(1024, "At most 1024 characters.");
const role = z.enum(ROLES, { message: `One of ${ROLES.join(", ")}.` });

export const loginBody = z.strictObject({
  username: z.string().min(1, "Enter your user name.").max(64),
  password: z.string().min(1, "Enter your password.").max(1024),
});
export const setupBody = z.strictObject({
  token: z.string().min(1, "Paste the setup token from the server log.").max(256),
  username,
  password: newPassword,
});
export const passwordChangeBody = z.strictObject({
  current: z.string().min(1, "Enter your current password.").max(1024),
  password: newPassword,
  /** Sign out everywhere: also revoke every API token of this person (their other sessions always end). */
  revokeTokens: z.boolean().default(false),
});
export const newUserBody = z.strictObject({ username, password: newPassword, role });
export const userPatchBody = z.strictObject({ role });
export const newTokenBody = z.strictObject({
  name: z.string().trim().min(1, "Name the token (what uses it).").max(64),
  scope: z.enum(TOKEN_SCOPES, { message: "read, operator or audit." }),
  /** The person's password: needed for an operator token (one that can change Docker). */
  current: z.string().max(1024).optional(),
});
export const emptyBody = z.strictObject({});

export type LoginBody = z.infer<typeof loginBody>;
export type SetupBody = z.infer<typeof setupBody>;
export type NewUserBody = z.infer<typeof newUserBody>;

const when = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "A date and time, e.g. 2026-11-27T10:00 or 2026-11-27.")
  .transform((s) => Date.parse(s));

/** GET /api/audit query: filters, paging, and format=csv or jsonl for an export of everything that matches. */
export const auditQuery = z.strictObject({
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  target: z.string().max(256).optional(),
  result: z.enum(["ok", "error", "denied"]).optional(),
  from: when.optional(),
  to: when.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  format: z.enum(["json", "csv", "jsonl"]).default("json"),
});
