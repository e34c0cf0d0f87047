import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { requireK12User } from "@/lib/k12/gate";
import { ROLE_LABELS } from "@/lib/permissions";
import { OrganizationPicker } from "../k12-forms";

export const metadata: Metadata = { title: "Select Organization" };

export default async function SelectOrganizationPage() {
  const { access, current } = await requireK12User();
  return (
    <>
      <PageTitle subtitle="You can see reports for one organization at a time. Choose the school or district whose reports you want to see.">
        Select Organization
      </PageTitle>
      <Card>
        {access.options.length ? (
          <OrganizationPicker
            currentId={current?.id ?? null}
            options={access.options.map((o) => ({ id: o.id, name: o.name, code: o.code, kind: o.kind, roleLabel: `${ROLE_LABELS[o.role]} (${o.position})` }))}
          />
        ) : (
          <p>
            You do not have access to any school or district. <Link href="/k12">Why?</Link>
          </p>
        )}
      </Card>
    </>
  );
}
