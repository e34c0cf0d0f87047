/** Who performed an admin action, as recorded in the audit log. */
export interface AdminActor {
  type: "user" | "admin-token";
  /** The administrator (for a token: the administrator who created it, if still known). */
  userId: string | null;
  label: string;
  tokenId: string | null;
  ip: string | null;
}

/** The audit fields that identify the actor. */
export function actorFields(actor: AdminActor) {
  return { actorType: actor.type, actorUserId: actor.userId, actorLabel: actor.label, ip: actor.ip } as const;
}
