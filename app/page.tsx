import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/gate";
import { homePathFor } from "@/lib/k12/audience";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await currentUser();
  redirect(user ? await homePathFor(user.id) : "/signin");
}
