import type { IssuedAccessCode } from "@/lib/access-codes/mutations";

/** POST …/access-codes (201) and …/access-codes/{id}/rotate (201): the code is shown this once. */
export interface AccessCodeIssued {
  accessCode: IssuedAccessCode & { replaced?: string };
}
