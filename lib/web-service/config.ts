import { z } from "zod";
import { WebServiceSettingsSchema as ConfigSchema } from "@/lib/env";

export type WebServiceConfig = z.infer<typeof ConfigSchema>;

/** Read on every call (cheap), so tests can change a variable between cases. */
export function webServiceConfig(): WebServiceConfig {
  const parsed = ConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid web-service settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
