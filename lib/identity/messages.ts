/** How an unverified account is told what to do (shared by the route wrapper and the pages). */
export const VERIFY_HINT = "open the link we emailed you, or send a new one from the Check Your Email page.";
