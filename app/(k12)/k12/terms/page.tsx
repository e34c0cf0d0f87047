import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AcceptTermsForm } from "@/app/(portal)/terms/accept-terms-form";
import { TermsText } from "@/components/terms-text";
import { Card, PageTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/gate";
import { K12_TERMS_SECTIONS, K12_TERMS_VERSION } from "@/lib/accounts/constants";

export const metadata: Metadata = { title: "Site Terms of Use" };

/** The K-12 site terms of use, accepted upon first log in to the portal (seed 002). */
export default async function K12TermsPage() {
  const user = await requireUser();
  if (user.k12TermsAccepted) redirect("/k12");
  return (
    <>
      <PageTitle
        subtitle={`Welcome, ${user.firstName}. Use of AP Score Reports for K-12 Educators is subject to (i) the site Terms of Use that you accept upon first log in to the portal and (ii) the Legal Terms for Educators and Institutions.`}
      >
        Site Terms of Use
      </PageTitle>
      <Card>
        <TermsText sections={K12_TERMS_SECTIONS} />
        <AcceptTermsForm version={K12_TERMS_VERSION} label="I have read and accept the site terms of use and the Legal Terms for Educators and Institutions." />
      </Card>
    </>
  );
}
