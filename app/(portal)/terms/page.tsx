import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, PageTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/gate";
import { CURRENT_TERMS_VERSION, TERMS_SECTIONS } from "@/lib/accounts/constants";
import { AcceptTermsForm } from "./accept-terms-form";

export const metadata: Metadata = { title: "Site Terms of Use" };

export default async function TermsPage() {
  const user = await requireUser();
  if (user.termsAccepted) redirect("/dashboard");
  return (
    <>
      <PageTitle subtitle={`Version ${CURRENT_TERMS_VERSION}. You must accept the site terms of use before using the portal or the web service.`}>
        Site Terms of Use
      </PageTitle>
      <Card>
        <div className="mb-6 max-h-96 space-y-4 overflow-y-auto rounded border border-slate-200 p-4" tabIndex={0} aria-label="Terms of use text">
          {TERMS_SECTIONS.map((s) => (
            <section key={s.heading}>
              <h2 className="font-semibold text-brand-900">{s.heading}</h2>
              <p className="text-sm text-slate-800">{s.body}</p>
            </section>
          ))}
        </div>
        <AcceptTermsForm version={CURRENT_TERMS_VERSION} />
      </Card>
    </>
  );
}
