// `/account`: the signed-in person's own name, role and session, their password, and their API tokens.
import type { Metadata } from "next";
import { Badge } from "@/components/auth/Badge";
import { formatTime } from "@/components/auth/format-time";
import { PasswordForm } from "@/components/auth/PasswordForm";
import { TokensPanel } from "@/components/auth/TokensPanel";
import { ErrorScreen } from "@/components/ErrorScreen";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";
import { listTokens } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account · Netatlas" };

export default async function AccountPage() {
  const { principal, denied } = await requirePage("/account", "account");
  if (denied) return <ErrorScreen error={denied} />;
  // requirePage lets an API token through to read pages; an account is managed only from a session, as the
  // API's own guard insists, so say that here instead of showing forms that would all fail.
  if (principal.kind !== "session" || !principal.user) {
    return (
      <ErrorScreen
        title="Sign in to manage an account"
        error={{
          code: "forbidden",
          message:
            "Only a signed-in person can manage an account (not an API token or the anonymous viewer).",
          detail: null,
        }}
      />
    );
  }
  const { user } = principal;
  const info = sessionInfo(principal);
  return (
    <div className="h-full overflow-auto p-4">
      <h1 className="mb-3 text-lg font-semibold">Account</h1>
      <dl aria-label="Your account" className="mb-6 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">User name</dt>
        <dd className="font-medium">{user.username}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd>
          <Badge>{user.role}</Badge>
        </dd>
        <dt className="text-slate-500">Session expires</dt>
        <dd>{info.expiresAt ? formatTime(info.expiresAt) : "never"}</dd>
      </dl>
      <section aria-labelledby="password-heading" className="mb-8">
        <h2 id="password-heading" className="mb-2 font-semibold">
          Change password
        </h2>
        <PasswordForm />
      </section>
      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading" className="mb-1 font-semibold">
          API tokens
        </h2>
        <p className="mb-3 max-w-2xl text-sm text-slate-600">
          For scripts: send <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>. A
          token never does more than its scope, nor more than your role.
        </p>
        <TokensPanel initial={listTokens(user.id)} role={user.role} />
      </section>
    </div>
  );
}
