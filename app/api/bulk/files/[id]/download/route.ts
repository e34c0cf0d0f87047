import { z } from "zod";
import { servePortalFile } from "@/lib/bulk/download";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Streams a portal bulk file to its owner; served in full, it counts as downloaded (logged). */
export const GET = sessionRoute({ doing: "download score reports", params: z.object({ id: z.string() }) }, async ({ user, params, ip }) =>
  servePortalFile(user.id, params.id, ip),
);
