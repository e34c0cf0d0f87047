import type { InstitutionRow } from "@/lib/institutions/mutations";

/** POST /api/admin/institutions (201) and PATCH /api/admin/institutions/{diCode}. */
export interface InstitutionSaved {
  institution: InstitutionRow;
}
