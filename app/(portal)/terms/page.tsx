import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TermsText } from "@/components/terms-text";
import { Card, PageTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/gate";
import { isK12OnlyUser } from "@/lib/k12/audience";
import { CURRENT_TERMS_VERSION, TERMS_SECTIONS } from "@/lib/accounts/constants";
import { AcceptTermsForm } from "./accept-terms-form";

export const metadata: Metadata = { title: "Site Terms of Use" };

export default async function TermsPage() {
  const user = await requireUser();
  if (user.termsAccepted) redirect("/dashboard");
  // K-12-only educators accept the K-12 terms instead (seed 002), never these.
  if (await isK12OnlyUser(user.id)) redirect("/k12/terms");
  return (
    <>
      <PageTitle subtitle={`Version ${CURRENT_TERMS_VERSION}. You must accept the site terms of use before using the portal or the web service.`}>
        Site Terms of Use
      </PageTitle>
      <Card>
        <TermsText sections={TERMS_SECTIONS} />
        <AcceptTermsForm version={CURRENT_TERMS_VERSION} />
      </Card>
    </>
  );
}
