// The right end of the header: who is looking and in which role, with the way to their account or out;
// for the anonymous viewer, the way in. Read-only mode is shown to everyone who can see pages.
import Link from "next/link";
import type { PrincipalKind, Role } from "@/lib/api/auth";
import { Badge } from "./Badge";
import { SignOutButton } from "./SignOutButton";

/** Just what the header shows: never the whole principal, whose user row holds the password hash. */
export interface Viewer {
  kind: PrincipalKind;
  username: string | null;
  role: Role;
}

export function HeaderUser({ viewer, readOnly }: { viewer: Viewer; readOnly: boolean }) {
  return (
    <div className="ml-auto flex items-center gap-3 text-sm">
      {readOnly ? (
        <Badge tone="amber">
          <span title="NETATLAS_READ_ONLY: no changes are made for anyone">Read-only</span>
        </Badge>
      ) : null}
      {viewer.username !== null ? (
        <>
          <span className="font-medium">{viewer.username}</span>
          <Badge>{viewer.role}</Badge>
          {viewer.kind === "session" ? (
            <>
              <Link href="/account" className="text-slate-600 hover:text-slate-900">
                Account
              </Link>
              <SignOutButton />
            </>
          ) : (
            <span className="text-slate-500">(API token)</span>
          )}
        </>
      ) : (
        <>
          <span className="text-slate-600">Anonymous viewer</span>
          <Link href="/login" className="text-blue-700 hover:underline">
            Sign in
          </Link>
        </>
      )}
    </div>
  );
}
