import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button-styles";
import { Card, PageTitle } from "@/components/ui/card";
import { requireAccountUser } from "@/lib/auth/gate";
import { formatLongDate } from "@/lib/dates";
import { enrollmentProfile, findProfileOrganization, listYourAccess } from "@/lib/enrollment/queries";
import { MAX_INSTITUTIONS_PER_USER } from "@/lib/permissions";
import { EnrollForm } from "./enroll-form";
import { RelogNotice } from "./relog-notice";
import { YourAccess } from "./your-access";

export const metadata: Metadata = { title: "Get access to AP Higher Ed Score Reports" };

export default async function EnrollPage() {
  const user = await requireAccountUser();
  const [access, profile] = await Promise.all([listYourAccess(user.id), enrollmentProfile(user.id)]);
  const preselected = await findProfileOrganization(profile);
  const rows = access.map((a) => ({
    organizationId: a.organizationId,
    organizationName: a.organizationName,
    diCode: a.diCode,
    position: a.position,
    expiration: a.expiresAt ? `${formatLongDate(a.expiresAt)}${a.expired ? " (expired)" : ""}` : "None",
  }));
  return (
    <>
      <p className="mb-2">
        <Link href="/dashboard">back</Link>
      </p>
      <PageTitle>Get access to AP Higher Ed Score Reports</PageTitle>
      {!user.termsAccepted && access.some((a) => !a.expired) ? <RelogNotice /> : null}

      <Card className="mb-6">
        <h2 className="mb-3 text-lg font-semibold text-brand-900">AP Higher Ed Score Reports Enrollment Information</h2>
        <div className="space-y-3 text-slate-800">
          <p>
            Access to the AP Higher Ed Score Reports portal is currently restricted to invited schools only. To access the portal, first select the organization
            for which you sent an access code. If your profile already indicates where you work, your organization will already be selected by default. If your
            current organization isn&apos;t selected or you wish to access the portal for a different organization, search for and select the organization.
            Next, enter the access code you were sent for this portal.
          </p>
          <p>
            If you don&apos;t have an access code but believe your school has been invited to use this portal at this time, please check with your primary AP
            contact at your institution, typically the Office of Admissions or the Office of the Registrar. For any additional questions please contact{" "}
            <a href="mailto:APHigherEdScoreReports@collegeboard.org">APHigherEdScoreReports@collegeboard.org</a>.
          </p>
          <p className="text-sm">
            <strong>TIP:</strong> Use the exact institution name as shown in your access code email when searching for your professional organization. The code
            will only work for this specific institution, even if others have similar names.
          </p>
          <p className="text-sm">
            <strong>TIP:</strong> Use the zip code search to help narrow down results.
          </p>
        </div>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-4 text-lg font-semibold text-brand-900">Provide your access information</h2>
          <EnrollForm
            preselected={preselected}
            initialZip={preselected ? preselected.zip : (profile.orgZip ?? "")}
            atLimit={access.filter((a) => !a.expired).length >= MAX_INSTITUTIONS_PER_USER}
            maxInstitutions={MAX_INSTITUTIONS_PER_USER}
          />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold text-brand-900" id="your-access-heading">
            Your access
          </h2>
          <YourAccess rows={rows} />
          <p className="mt-6">
            <Link href="/dashboard" className={buttonClass()}>
              Finished
            </Link>
          </p>
        </Card>
      </div>
    </>
  );
}
