import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/gate";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await currentUser()) ? "/dashboard" : "/signin");
}
