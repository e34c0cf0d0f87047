import { z } from "zod";

/** POST /api/webhooks: a receiver for one of the user's institutions. */
export const RegisterWebhookSchema = z.object({
  institutionId: z.uuid("Choose an institution."),
  url: z.string({ error: "Enter the URL of your webhook receiver." }).max(4000, "The URL is too long."),
});

/** POST /api/webhooks/{id}/test. */
export const WebhookTestSchema = z.object({ institutionId: z.uuid("Choose an institution.") });

/** DELETE /api/webhooks/{id}?institution=…. */
export const WebhookQuerySchema = z.object({ institution: z.uuid("Choose an institution.") });

export const WebhookParamsSchema = z.object({ id: z.uuid("That webhook does not exist.") });
