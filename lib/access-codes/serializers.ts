import type { IssuedAccessCode } from "@/lib/access-codes/mutations";
import type { AccessCodeDeliveryItem } from "@/lib/access-codes/delivery";

/** POST …/access-codes (201) and …/access-codes/{id}/rotate (201): the code is shown this once. */
export interface AccessCodeIssued {
  accessCode: IssuedAccessCode & { replaced?: string };
}

/** POST …/access-codes/{id}/resend (200): the email just sent to the institution's primary contact. */
export interface AccessCodeResent {
  delivery: AccessCodeDeliveryItem;
}
