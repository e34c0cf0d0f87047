import "server-only";
import { audit } from "@/lib/audit";
import { issueLoginTicket, signIn, signOut } from "@/lib/auth/nextauth";

/** Turns a verified user into a session cookie (Auth.js), recording the sign-in. */
export async function startSession(user: { id: string; email: string; sessionVersion: number }, ip: string, method: string): Promise<void> {
  await signIn("credentials", { ticket: issueLoginTicket(user.id, user.sessionVersion), redirect: false });
  await audit({ actorType: "user", actorUserId: user.id, actorLabel: user.email, action: "sign-in.success", ip, details: { channel: "portal", method } });
}

export async function endSession(userId: string | null, ip: string): Promise<void> {
  await signOut({ redirect: false });
  if (userId) await audit({ actorType: "user", actorUserId: userId, action: "sign-out", ip });
}
