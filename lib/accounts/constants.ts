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
 * AP Score Reports for K-12 Educators has its own site terms of use, accepted on the first
 * K-12 sign-in (seed 002, "Data Privacy": use is subject to "(i) the site Terms of Use that
 * users accept upon first log in to the portal and (ii) the Legal Terms for Educators and
 * Institutions"). Kept apart from the higher-ed terms: accepting one never opens the other.
 * Stored in the same table under its own version key; bump it when these terms change.
 */
export const K12_TERMS_VERSION = "k12-2026-07-01";

export const K12_TERMS_SECTIONS: Array<{ heading: string; body: string }> = [
  {
    heading: "Authorized use",
    body: "To access the AP Score Reports for K-12 Educators system, you must be an authorized representative of a school or district. AP teachers may only access data for their class sections; school and district administrators only for their school or district.",
  },
  {
    heading: "Data Privacy",
    body: "The AP Score Reports for K-12 Educators system provides access to student AP score reports and rosters for authorized personnel at high schools and districts. These data points are for internal use only. Do not share with unauthorized users. Sharing data outside your institution is prohibited other than aggregate reporting by your institution. To request approval to share data with third parties, please contact AP Services for Educators.",
  },
  {
    heading: "Legal Terms for Educators and Institutions",
    body: "Use of AP Score Reports for K-12 Educators is subject to these site terms of use and to the Legal Terms for Educators and Institutions. Principals and superintendents may remove access for staff who are no longer employed at a school or district by contacting AP Services for Educators.",
  },
  {
    heading: "Your account",
    body: "Keep your password secret. Every sign-in, report view and download is recorded with your account and may be reviewed by program administrators.",
  },
];

/**
 * App passwords: named, random passwords that work only as `p` in the web service's
 * webServiceAuth — also when MFA is on, and unaffected by the account password's expiry.
 * The secret is shown once; only its hash and first characters are stored.
 */
export const APP_PASSWORD_PREFIX = "apws_";
export const MAX_APP_PASSWORDS = 10;
