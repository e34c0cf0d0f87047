import type { MembershipRole } from "@/lib/generated/prisma/enums";

/** Which membership roles may do what. Every gate consults this one table. */
export const PERMISSIONS = {
  "bulk:download": ["HED_ADMIN"],
  "pdf:lookup": ["HED_ADMIN"],
  "pdf:download": ["HED_ADMIN"],
  "activity:view": ["HED_ADMIN"],
  "notifications:manage": ["HED_ADMIN"],
  "webhooks:manage": ["HED_ADMIN"],
  "sftp:manage": ["HED_ADMIN"],
  "web-service:use": ["HED_ADMIN"],
  "k12:roster": ["K12_TEACHER", "SCHOOL_ADMIN", "DISTRICT_ADMIN"],
  "k12:planning": ["K12_TEACHER", "SCHOOL_ADMIN", "DISTRICT_ADMIN"],
  "k12:datafile": ["SCHOOL_ADMIN", "DISTRICT_ADMIN"],
  "k12:manage-staff": ["SCHOOL_ADMIN", "DISTRICT_ADMIN"],
  "k12:sections": ["K12_TEACHER"],
} as const satisfies Record<string, readonly MembershipRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: MembershipRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly MembershipRole[]).includes(role);
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
