import { authenticate } from "@/lib/web-service/mutations";
import { AuthRequestSchema } from "@/lib/web-service/schema";
import { webServiceLoginRoute } from "@/lib/http/web-service-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Step 1: `{u, p: base64(password)}` → `{success, message, authToken}`. */
export const POST = webServiceLoginRoute(AuthRequestSchema, async (input, { ip, note }) => {
  const result = await authenticate(input, ip);
  if (!result.ok) return result;
  note.userId = result.userId;
  note.via = result.via;
  return {
    message: `Authenticated. The authToken is valid until ${result.expiresAt.toISOString()}.`,
    authToken: result.authToken,
  };
});
