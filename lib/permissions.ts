import type { GlobalRole, MembershipRole, OrganizationKind } from "@/lib/generated/prisma/enums";

/**
 * Who may do what, as data. Every gate, wrapper and mutation consults this one table.
 *
 * A permission is granted by any of its grants; a grant names what the holder must have —
 * the account's global role, or a membership role at the organization, possibly narrowed to a
 * position ("Principal"), an organization kind, or a teacher whom the principal did not
 * restrict. `scope` says where the holder is looked up: the whole account ("account"), the
 * higher-ed institution the request names ("institution"), or the K-12 organization chosen
 * in the K-12 portal ("k12").
 */
export interface Grant {
  globalRole?: GlobalRole;
  role?: MembershipRole;
  position?: string;
  kind?: OrganizationKind;
  /** K-12 teachers only: whether the principal restricted teachers from student-level results. */
  restricted?: boolean;
}

/** What a grant is matched against: a user, or the role they act in at one organization. */
export type Holder = Grant;

type Scope = "account" | "institution" | "k12";

const HED_ADMIN = [{ role: "HED_ADMIN" }] as const satisfies readonly Grant[];
const K12_ADMINS = [{ role: "SCHOOL_ADMIN" }, { role: "DISTRICT_ADMIN" }] as const satisfies readonly Grant[];
const PRINCIPAL = { role: "SCHOOL_ADMIN", kind: "SCHOOL", position: "Principal" } as const satisfies Grant;

export const PERMISSIONS = {
  "admin:console": { scope: "account", grants: [{ globalRole: "ADMIN" }] },
  "bulk:download": { scope: "institution", grants: HED_ADMIN },
  "pdf:lookup": { scope: "institution", grants: HED_ADMIN },
  "pdf:download": { scope: "institution", grants: HED_ADMIN },
  "activity:view": { scope: "institution", grants: HED_ADMIN },
  "notifications:manage": { scope: "institution", grants: HED_ADMIN },
  "webhooks:manage": { scope: "institution", grants: HED_ADMIN },
  "sftp:manage": { scope: "institution", grants: HED_ADMIN },
  "web-service:use": { scope: "institution", grants: HED_ADMIN },
  "k12:roster": { scope: "k12", grants: [{ role: "K12_TEACHER" }, ...K12_ADMINS] },
  /** Individual students' results: not for teachers their principal restricted (aggregates only). */
  "k12:student-level": { scope: "k12", grants: [{ role: "K12_TEACHER", restricted: false }, ...K12_ADMINS] },
  "k12:planning": { scope: "k12", grants: [{ role: "K12_TEACHER" }, ...K12_ADMINS] },
  "k12:datafile": { scope: "k12", grants: K12_ADMINS },
  "k12:manage-staff": { scope: "k12", grants: K12_ADMINS },
  "k12:sections": { scope: "k12", grants: [{ role: "K12_TEACHER" }] },
  "k12:restrict-teachers": { scope: "k12", grants: [PRINCIPAL] },
  /** The school's access code in full: the principal shares it (seed 002), so only the principal reads it. */
  "k12:school-code": { scope: "k12", grants: [PRINCIPAL] },
  "k12:remove-staff": { scope: "k12", grants: [PRINCIPAL, { role: "DISTRICT_ADMIN", kind: "DISTRICT" }] },
  "k12:authorize-district": { scope: "k12", grants: [{ role: "DISTRICT_ADMIN", kind: "DISTRICT", position: "Superintendent" }] },
  /** District administrators and principals answer to the superintendent (program administrators use the admin tools). */
  "k12:remove-senior-staff": { scope: "k12", grants: [{ role: "DISTRICT_ADMIN", kind: "DISTRICT", position: "Superintendent" }] },
} as const satisfies Record<string, { scope: Scope; grants: readonly Grant[] }>;

export type Permission = keyof typeof PERMISSIONS;
export type InstitutionPermission = { [P in Permission]: (typeof PERMISSIONS)[P]["scope"] extends "institution" ? P : never }[Permission];
export type K12Permission = { [P in Permission]: (typeof PERMISSIONS)[P]["scope"] extends "k12" ? P : never }[Permission];

function matches(holder: Holder, grant: Grant): boolean {
  return (Object.keys(grant) as Array<keyof Grant>).every((key) => holder[key] === grant[key]);
}

/** Whether the holder (a user, or their role at one organization) has the permission. */
export function allows(holder: Holder, permission: Permission): boolean {
  return (PERMISSIONS[permission].grants as readonly Grant[]).some((grant) => matches(holder, grant));
}

/** The membership roles that can hold a permission, for queries that filter memberships in SQL. */
export function rolesWith(permission: Permission): MembershipRole[] {
  const roles = (PERMISSIONS[permission].grants as readonly Grant[]).flatMap((g) => (g.role ? [g.role] : []));
  return [...new Set(roles)];
}

export function scopeOf(permission: Permission): Scope {
  return PERMISSIONS[permission].scope;
}

/**
 * In SQL: whether a membership `m` (joined to its organization `o`) counts at `now` for a
 * higher-ed permission: a college's, and not expired. authorizedInstitutions (lib/auth/gate.ts)
 * and the checks inside other statements (lib/bulk) use this one rule.
 */
export function membershipCountsSql(now: string): string {
  return `o.kind = 'COLLEGE' AND (m.expires_at IS NULL OR m.expires_at > ${now})`;
}

/** Human names of the roles, as shown in "Your access". */
export const ROLE_LABELS: Record<MembershipRole, string> = {
  HED_ADMIN: "APOSRD HED Admin",
  K12_TEACHER: "AP Teacher",
  SCHOOL_ADMIN: "School Administrator",
  DISTRICT_ADMIN: "District Administrator",
};

/** Most institutions one account may hold (seed 000: "Up to 20 institutions"). */
export const MAX_INSTITUTIONS_PER_USER = 20;
