/** Answers of /api/k12/*, shared by the routes and the K-12 portal's forms. */

/** Where the browser goes next, and what happened. */
export interface K12Redirect {
  redirectTo: string;
}

/** POST /api/k12/organization. */
export interface OrganizationChosen extends K12Redirect {
  organization: { id: string; name: string; role: string };
}

/** POST /api/k12/access-code (201). */
export interface SchoolCodeRedeemed extends K12Redirect {
  organizationId: string;
  message: string;
}

/** POST /api/k12/access-code/reveal: the principal's school codes in full (`code` null for a code made before codes were sealed). */
export interface SchoolCodesRevealed {
  codes: Array<{
    id: string;
    hint: string;
    code: string | null;
    used: number;
    max: number;
    expiresAt: string | null;
    redeemedBy: Array<{ name: string; email: string; position: string }>;
  }>;
}

/** POST /api/k12/sections, /api/k12/district-users. */
export interface K12Message {
  message: string;
}

export interface SectionsSaved extends K12Message {
  changed: boolean;
}

/** POST /api/k12/settings. */
export interface TeachersRestricted extends K12Message {
  teachersRestricted: boolean;
}

/** DELETE /api/k12/staff. */
export interface StaffRemoved extends K12Message {
  removed: number;
}
