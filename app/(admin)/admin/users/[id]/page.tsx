import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getUserDetail } from "@/lib/accounts/queries";
import { requireAdmin } from "@/lib/auth/gate";
import { isHardLocked } from "@/lib/auth/rules";
import { ActionButton } from "@/components/ui/action-button";
import { when } from "../../_components/format";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const user = await getUserDetail((await params).id);
  if (!user) notFound();
  const locked = user.lockedUntil !== null && user.lockedUntil > new Date();
  const facts: Array<[string, string]> = [
    ["Email address", user.email],
    ["Works at", `${user.organizationName} (${user.jobFunction})`],
    ["Account created", when(user.createdAt)],
    ["Last sign-in", when(user.lastSignInAt)],
    ["Terms of use accepted", when(user.termsAcceptedAt, "Not yet")],
    ["Multifactor authentication", user.mfaEnabled ? "Active" : "Inactive"],
    ["Failed sign-ins in a row", String(user.failedLogins)],
  ];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/users">← Users</Link>
      </p>
      <PageTitle subtitle={user.role === "ADMIN" ? "Program administrator" : undefined}>
        {user.firstName} {user.lastName}
      </PageTitle>
      {locked ? (
        <div className="mb-6">
          <Notice tone="warning" title="This account is locked.">
            <p className="mb-2">
              {user.lockedByAdministrator
                ? "Locked by an administrator until an administrator unlocks it: no sign-in, no web service."
                : `Sign-in from browsers this user has not signed in from is paused ${isHardLocked(user.lockedUntil) ? "until an administrator unlocks it" : `until ${when(user.lockedUntil)}`} after ${user.failedLogins} failed sign-ins in a row.`}
            </p>
            <ActionButton method="POST" endpoint={`/api/admin/users/${user.id}/unlock`} label="Unlock Account" pendingLabel="Unlocking…" variant="primary" />
          </Notice>
        </div>
      ) : (
        <div className="mb-6">
          <ActionButton
            method="POST"
            endpoint={`/api/admin/users/${user.id}/lock`}
            label="Lock Account"
            pendingLabel="Locking…"
            variant="danger"
            confirm={`Lock ${user.email}? Every session and web-service token ends now, and nobody can sign in to this account until an administrator unlocks it.`}
          />
        </div>
      )}
      <Card className="mb-6">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]" data-testid="user-facts">
          {facts.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-semibold text-slate-800">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Enrollments ({user.enrollments.length})</h2>
        {user.enrollments.length ? (
          <ul className="divide-y divide-slate-200" data-testid="enrollment-list">
            {user.enrollments.map((e) => (
              <li key={e.membershipId} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  {e.organizationKind === "COLLEGE" ? <Link href={`/admin/institutions/${e.code}`}>{e.name}</Link> : e.name} ({e.code}) · {e.position}
                  <span className="block text-xs text-slate-600">
                    Since {when(e.createdAt)}
                    {e.accessCodeHint ? ` with the code ending in ${e.accessCodeHint}` : ""}
                    {e.expiresAt ? ` · expires ${when(e.expiresAt)}` : ""}
                  </span>
                </span>
                <ActionButton
                  method="DELETE"
                  endpoint={`/api/admin/users/${user.id}/enrollments/${e.membershipId}`}
                  label={`Remove ${e.name}`}
                  pendingLabel="Removing…"
                  variant="danger"
                  confirm={`Remove ${user.email}'s access to ${e.name}?`}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-700">This account is not enrolled at any institution.</p>
        )}
      </Card>
    </>
  );
}
