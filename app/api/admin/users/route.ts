import { NextResponse } from "next/server";
import { searchUsers } from "@/lib/admin/queries";
import { UserSearchSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";
import { readQuery } from "@/lib/http/route";

export const runtime = "nodejs";

export const GET = adminRoute(async (request) => {
  const { q } = readQuery(request, UserSearchSchema);
  return NextResponse.json({ users: await searchUsers(q) });
});
