import { z } from "zod";
import { NewPasswordSchema, PASSWORD_MAX } from "@/lib/auth/password";

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
  z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);

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
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "The passwords do not match", path: ["confirmPassword"] })
  .refine((v) => v.newPassword !== v.currentPassword, { message: "Choose a password different from your current one", path: ["newPassword"] });

/** Only same-site paths may be used as a post-sign-in destination. */
export function safeCallbackUrl(value: string | undefined | null): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/dashboard";
  return value;
}
