import { NextResponse } from "next/server";
import { searchUsers } from "@/lib/accounts/queries";
import { UserSearchSchema } from "@/lib/accounts/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

export const GET = adminRoute({ query: UserSearchSchema }, async ({ query }) => NextResponse.json({ users: await searchUsers(query.q) }));
