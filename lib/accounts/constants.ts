/** Bump the version when the terms change: every user is asked to accept again. */
export const CURRENT_TERMS_VERSION = "2026-07-01";

export const TERMS_SECTIONS: Array<{ heading: string; body: string }> = [
  {
    heading: "Authorized use",
    body: "You may use AP Higher Education Score Reports only as an authorized representative of the institutions you are enrolled at, and only to receive AP score reports that students sent to those institutions.",
  },
  {
    heading: "Student data",
    body: "Score reports contain personally identifiable student information protected by FERPA and by your institution's policies. Download, store and share them only as your institution permits; do not share them with unauthorized users.",
  },
  {
    heading: "Your account",
    body: "Keep your password and any web-service app passwords secret. Every sign-in, lookup and download is recorded with your account and may be reviewed by program administrators.",
  },
  {
    heading: "Notifications and the web service",
    body: "Accepting these terms and visiting an institution's dashboard activates daily email notifications about new score reports for that institution and authorizes this account to use the web service.",
  },
];

/**
 * App passwords: named, random passwords that work only as `p` in the web service's
 * webServiceAuth — also when MFA is on, and unaffected by the account password's expiry.
 * The secret is shown once; only its hash and first characters are stored.
 */
export const APP_PASSWORD_PREFIX = "apws_";
export const MAX_APP_PASSWORDS = 10;
