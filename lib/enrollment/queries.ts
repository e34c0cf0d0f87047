import { prisma } from "@/lib/db";
import { ORGANIZATION_SEARCH_LIMIT, type OrganizationSearch } from "@/lib/enrollment/schema";

/** What the typeahead shows about an institution: the public directory entry, nothing more. */
export interface OrganizationSuggestion {
  id: string;
  name: string;
  diCode: string;
  city: string;
  state: string;
  zip: string;
}

/** `%`, `_` and `\` typed by a user are letters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Colleges whose name contains `q` (any case), optionally only those at one ZIP code; names
 * that start with `q` come first. ILIKE scans ~4,000 colleges in well under a millisecond; the
 * ZIP narrows through the organization_zip index.
 */
export async function searchOrganizations(search: OrganizationSearch): Promise<OrganizationSuggestion[]> {
  const contains = `%${escapeLike(search.q)}%`;
  const prefix = `${escapeLike(search.q)}%`;
  const zip = search.zip ?? null;
  return prisma.$queryRaw<OrganizationSuggestion[]>`
    SELECT id::text AS id, name, code AS "diCode", city, state, zip
    FROM organization
    WHERE kind = 'COLLEGE'
      AND name ILIKE ${contains}
      AND (${zip}::text IS NULL OR zip = ${zip}::text)
    ORDER BY (name ILIKE ${prefix}) DESC, name, code
    LIMIT ${ORGANIZATION_SEARCH_LIMIT}`;
}

/**
 * "If your profile already indicates where you work, your organization will already be selected
 * by default": the one college whose name is exactly the profile's (and at its ZIP, if given).
 */
export async function findProfileOrganization(profile: { organizationName: string; orgZip: string | null }): Promise<OrganizationSuggestion | null> {
  const name = profile.organizationName.trim();
  if (!name) return null;
  const matches = await prisma.organization.findMany({
    where: {
      kind: "COLLEGE",
      name: { equals: name, mode: "insensitive" },
      ...(profile.orgZip ? { zip: profile.orgZip } : {}),
    },
    select: { id: true, name: true, code: true, city: true, state: true, zip: true },
    take: 2,
  });
  const [only] = matches;
  if (!only || matches.length > 1) return null;
  return { id: only.id, name: only.name, diCode: only.code, city: only.city, state: only.state, zip: only.zip };
}

export interface AccessRow {
  organizationId: string;
  organizationName: string;
  diCode: string;
  position: string;
  expiresAt: Date | null;
  expired: boolean;
}

/** "Your access": the user's own higher-ed roles, by institution name. */
export async function listYourAccess(userId: string, now = new Date()): Promise<AccessRow[]> {
  const rows = await prisma.membership.findMany({
    where: { userId, role: "HED_ADMIN", organization: { kind: "COLLEGE" } },
    select: { position: true, expiresAt: true, organization: { select: { id: true, name: true, code: true } } },
    orderBy: [{ organization: { name: "asc" } }, { organization: { code: "asc" } }],
  });
  return rows.map((r) => ({
    organizationId: r.organization.id,
    organizationName: r.organization.name,
    diCode: r.organization.code,
    position: r.position,
    expiresAt: r.expiresAt,
    expired: r.expiresAt !== null && r.expiresAt <= now,
  }));
}

/** The profile fields that preselect an organization on the enrollment page. */
export async function enrollmentProfile(userId: string): Promise<{ organizationName: string; orgZip: string | null }> {
  return prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { organizationName: true, orgZip: true } });
}
