/**
 * Grants to an email address. Access in this product is granted to addresses (a superintendent
 * authorizes `new.staffer@district.example`, the K-12 loader names staff by email), so a grant
 * may only land on an account whose owner has proved control of the address. Until then it
 * waits as an invitation and attaches when the address is verified (lib/identity/verification.ts).
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import type { K12AccessSource } from "@/lib/generated/prisma/enums";
import { audit } from "@/lib/audit";

type Tx = Prisma.TransactionClient;

/** K-12 roles that are granted by address: school and district administrator memberships, course authorizations. */
export type Grant =
  | {
      type: "membership";
      role: "SCHOOL_ADMIN" | "DISTRICT_ADMIN";
      position: string;
      k12Source: K12AccessSource;
      authorizedBy?: string | null;
      /** ISO instants (JSON has no dates). */
      validFrom?: string | null;
      expiresAt?: string | null;
    }
  | { type: "course"; examCode: string; schoolYear: number; sections: string[] };

export function grantKey(grant: Grant): string {
  return grant.type === "membership" ? grant.role : `COURSE:${grant.examCode}:${grant.schoolYear}`;
}

/** Writes the grant to a verified account (upsert: granting twice changes nothing; a removed grant is restored). */
export async function applyGrant(tx: Tx, userId: string, organizationId: string, grant: Grant, now = new Date()): Promise<void> {
  if (grant.type === "course") {
    const key = { userId, organizationId, examCode: grant.examCode, schoolYear: grant.schoolYear };
    const sections = [...grant.sections].sort();
    await tx.courseAuthorization.upsert({
      where: { userId_organizationId_examCode_schoolYear: key },
      create: { ...key, sections, sectionsSelectedAt: sections.length ? now : null },
      update: { sections, sectionsSelectedAt: sections.length ? now : null, revokedAt: null, revokedById: null },
    });
    return;
  }
  const key = { userId, organizationId, role: grant.role };
  const data = {
    position: grant.position,
    k12Source: grant.k12Source,
    authorizedBy: grant.authorizedBy ?? null,
    validFrom: grant.validFrom ? new Date(grant.validFrom) : null,
    expiresAt: grant.expiresAt ? new Date(grant.expiresAt) : null,
    revokedAt: null,
    revokedById: null,
  };
  await tx.membership.upsert({
    where: { userId_organizationId_role: key },
    create: { ...key, ...data },
    // A grant by the program or the superintendent replaces an access-code redemption of the same role.
    update: { ...data, accessCodeId: null },
  });
}

export type GrantOutcome = { granted: true; userId: string } | { granted: false; invitationId: string };

/**
 * Grants to the verified account using `email`, or records an invitation for the address when
 * there is no such account (none at all, or one whose owner has not verified the address).
 */
export async function grantOrInvite(
  tx: Tx,
  email: string,
  organizationId: string,
  grant: Grant,
  invitedBy: { label: string; userId?: string | null },
  now = new Date(),
): Promise<GrantOutcome> {
  const user = await tx.user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
  if (user?.emailVerifiedAt) {
    await applyGrant(tx, user.id, organizationId, grant, now);
    return { granted: true, userId: user.id };
  }
  const key = { email, organizationId, grantKey: grantKey(grant) };
  const invitation = await tx.invitation.upsert({
    where: { email_organizationId_grantKey: key },
    create: { ...key, grant: grant as unknown as Prisma.InputJsonObject, invitedBy: invitedBy.label },
    update: { grant: grant as unknown as Prisma.InputJsonObject, invitedBy: invitedBy.label, acceptedAt: null, acceptedById: null, createdAt: now },
    select: { id: true },
  });
  await audit(
    {
      actorType: invitedBy.userId ? "user" : "system",
      actorUserId: invitedBy.userId ?? null,
      actorLabel: invitedBy.label,
      action: "invitation.created",
      organizationId,
      details: { email, grant: grantKey(grant) },
    },
    tx,
  );
  return { granted: false, invitationId: invitation.id };
}

/** Attaches every open invitation for the address to the account that has just verified it. */
export async function attachInvitations(tx: Tx, userId: string, email: string, now = new Date()): Promise<number> {
  const open = await tx.invitation.findMany({ where: { email, acceptedAt: null }, select: { id: true, organizationId: true, grant: true } });
  for (const invitation of open) {
    await applyGrant(tx, userId, invitation.organizationId, invitation.grant as unknown as Grant, now);
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: now, acceptedById: userId } });
    await audit(
      {
        actorType: "user",
        actorUserId: userId,
        action: "invitation.accepted",
        organizationId: invitation.organizationId,
        details: { grant: grantKey(invitation.grant as unknown as Grant) },
      },
      tx,
    );
  }
  return open.length;
}
