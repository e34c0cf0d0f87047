import { z } from "zod";
import { dictionary } from "@zxcvbn-ts/language-common";
import { CURRENT_TERMS_VERSION, K12_TERMS_VERSION } from "@/lib/accounts/constants";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

// ~49,000 of the most common leaked passwords, lower-cased, from a maintained list.
const COMMON = new Set<string>((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

/** NIST 800-63B style: length and a blocklist, no composition rules. */
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`)
  .refine((p) => !isCommonPassword(p), "This password is too common; choose one that is harder to guess");

/** "What is your primary job function?" choices on the account form. */
export const JOB_FUNCTIONS = [
  "Higher Education: Registrar",
  "Higher Education: Admissions",
  "Higher Education: Financial Aid",
  "Higher Education: Institutional Research",
  "Higher Education: Information Technology",
  "Higher Education: Other",
  "K-12: AP Teacher",
  "K-12: AP Coordinator",
  "K-12: Principal",
  "K-12: Counselor",
  "K-12: District Administrator",
  "Other",
] as const;

const trimmed = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

export const EmailSchema = z
  .string({ error: "Email address is required" })
  .trim()
  .min(1, "Email address is required")
  .max(254, "Email address is too long")
  .pipe(z.email("Enter a valid email address, such as name@university.edu"))
  .transform((e) => e.toLowerCase());

export const SignUpSchema = z
  .object({
    firstName: trimmed("First name", 60),
    lastName: trimmed("Last name", 60),
    email: EmailSchema,
    password: NewPasswordSchema,
    confirmPassword: z.string(),
    orgZip: z
      .string()
      .trim()
      .regex(/^(\d{5})?$/, "Enter a 5-digit U.S. ZIP code")
      .optional()
      .transform((v) => (v ? v : undefined)),
    organizationName: trimmed("Where do you work?", 120),
    jobFunction: z.enum(JOB_FUNCTIONS, { error: "Choose your primary job function" }),
  })
  .refine((v) => v.password === v.confirmPassword, { message: "The passwords do not match", path: ["confirmPassword"] });
export type SignUpInput = z.infer<typeof SignUpSchema>;

/**
 * View/Edit My Profile (seed 000's MFA steps; seed 002: "change personal information, such as
 * your school, title, or contact information"): the account form's fields except the email
 * address and password, which have their own flows.
 */
export const ProfileSchema = z.object({
  firstName: trimmed("First name", 60),
  lastName: trimmed("Last name", 60),
  orgZip: z
    .string()
    .trim()
    .regex(/^(\d{5})?$/, "Enter a 5-digit U.S. ZIP code")
    .optional()
    .transform((v) => (v ? v : null)),
  organizationName: trimmed("Where do you work?", 120),
  jobFunction: z.enum(JOB_FUNCTIONS, { error: "Choose your primary job function" }),
});
export type ProfileInput = z.infer<typeof ProfileSchema>;

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, "Password is required").max(PASSWORD_MAX, "Password is too long"),
  callbackUrl: z.string().optional(),
});

export const MfaStepSchema = z.object({
  ticket: z.string().min(1),
  code: z.string().trim().min(6, "Enter the 6-digit code or a recovery code").max(20),
  callbackUrl: z.string().optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(PASSWORD_MAX),
    newPassword: NewPasswordSchema,
    confirmPassword: z.string(),
    /** The form's "Keep my app passwords working" box: otherwise a password change revokes them. */
    keepAppPasswords: z
      .union([z.boolean(), z.literal("on")])
      .optional()
      .transform((v) => v === true || v === "on"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "The passwords do not match", path: ["confirmPassword"] })
  .refine((v) => v.newPassword !== v.currentPassword, { message: "Choose a password different from your current one", path: ["newPassword"] });

const HOME = "/dashboard";
/** Any origin will do: only whether the value stays on it matters. */
const PROBE_ORIGIN = "http://callback.invalid";

/**
 * Only same-origin paths may be used as a post-sign-in destination. Parsed the way a browser
 * will parse it (`new URL(value, origin)`), so tricks such as `/<TAB>/evil.example` or
 * `/\\evil.example` (browsers strip tabs and treat backslashes as slashes) cannot leave the
 * origin; control characters are refused outright. Answers a path, never an absolute URL.
 */
export function safeCallbackUrl(value: string | undefined | null): string {
  if (!value || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return HOME;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return HOME;
  }
  // A normalized path such as `/.//evil.example` → `//evil.example` would itself leave the origin.
  if (url.origin !== PROBE_ORIGIN || url.pathname.startsWith("//")) return HOME;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** POST /api/account/terms: the version read, and the box checked. */
export const AcceptTermsSchema = z.object({
  // The higher-ed terms or the K-12 terms: each portal has its own.
  version: z.literal([CURRENT_TERMS_VERSION, K12_TERMS_VERSION], { error: "These terms have changed; reload the page to read the current version." }),
  accept: z.literal(true, { error: "Check the box to accept the terms of use." }),
});

/** The admin console's user search: part of an email or name, or an id. */
export const UserSearchSchema = z.object({ q: z.string().trim().max(254).default("") });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a search term is an account id rather than part of a name or email. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const IdSchema = z.uuid("is not a valid id");

/** Path parameter of /api/admin/users/{id} and /api/admin/tokens/{id}. */
export const IdParamsSchema = z.object({ id: IdSchema });

/** Path parameters of /api/admin/users/{id}/enrollments/{membershipId}. */
export const EnrollmentParamsSchema = z.object({ id: IdSchema, membershipId: IdSchema });

/** Naming a new web-service app password. */
export const AppPasswordNameSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(PASSWORD_MAX),
  /** Required when MFA is on: an authenticator code or a recovery code. */
  code: z.string().max(40).optional(),
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Give the app password a name, such as the script or server that uses it")
    .max(60, "Use at most 60 characters"),
});

/** Account Settings → multifactor authentication. */
export const ConfirmMfaSchema = z.object({
  ticket: z.string().min(1, "Start the setup again"),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
});

export const DisableMfaSchema = z.object({
  proof: z.string().trim().min(1, "Enter your password, a code from your authenticator app, or a recovery code").max(128),
});
