import { z } from "zod";

/** The institution a notifications or webhooks request acts on (always re-authorized). */
export const InstitutionChoiceSchema = z.object({ institutionId: z.uuid("Choose an institution.") });

/** POST /api/notifications/settings. */
export const NotificationSettingsSchema = InstitutionChoiceSchema.extend({
  enabled: z.boolean({ error: "enabled must be true or false" }),
});
