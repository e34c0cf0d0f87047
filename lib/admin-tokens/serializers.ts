import type { CreatedAdminToken } from "@/lib/admin-tokens/mutations";

/** POST /api/admin/tokens (201): `token.token` is shown this once. */
export interface AdminTokenCreated {
  token: CreatedAdminToken;
}
