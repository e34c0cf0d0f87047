/** Answers of /api/enrollment/* and /api/organizations, shared by the routes and the enrollment page. */
import type { OrganizationSuggestion } from "@/lib/enrollment/queries";

/** POST /api/enrollment/redeem (201). */
export interface RedeemedResponse {
  organization: { id: string; name: string; diCode: string };
  position: string;
  message: string;
}

/** POST /api/enrollment/leave. */
export interface LeftResponse {
  message: string;
}

/** POST /api/enrollment/selection. */
export interface SelectionResponse {
  institution: { id: string; name: string; diCode: string };
}

/** GET /api/organizations. */
export interface OrganizationSearchResponse {
  organizations: OrganizationSuggestion[];
}
