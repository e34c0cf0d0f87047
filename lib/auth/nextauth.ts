import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { prisma } from "@/lib/db";
import { signToken, verifyToken } from "@/lib/crypto";
import { ABSOLUTE_TIMEOUT_SECONDS, sessionExpired } from "@/lib/auth/rules";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
    sessionVersion: number;
    /** This session's id, so signing out can end it on the server (lib/auth/sessions.ts). */
    sid?: string;
  }
  interface User {
    sessionVersion?: number;
  }
}

/**
 * The credential and MFA checks happen in our own server actions (lib/auth/sign-in.ts), which
 * give precise messages and throttling. Auth.js then only turns a short-lived, signed
 * "login ticket" into a session cookie.
 */
export function issueLoginTicket(userId: string, sessionVersion: number): string {
  return signToken("login-ticket", { uid: userId, sv: sessionVersion, exp: Math.floor(Date.now() / 1000) + 60 });
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: ABSOLUTE_TIMEOUT_SECONDS },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      id: "credentials",
      credentials: { ticket: {} },
      async authorize(credentials) {
        const ticket = typeof credentials?.ticket === "string" ? credentials.ticket : "";
        const payload = verifyToken<{ uid: string; sv: number; exp: number }>("login-ticket", ticket);
        if (!payload) throw new CredentialsSignin();
        const user = await prisma.user.findUnique({
          where: { id: payload.uid },
          select: { id: true, email: true, firstName: true, lastName: true, sessionVersion: true },
        });
        if (!user || user.sessionVersion !== payload.sv) throw new CredentialsSignin();
        return { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      const now = Math.floor(Date.now() / 1000);
      if (user) {
        return { ...token, sub: user.id, sv: user.sessionVersion ?? 0, sia: now, lsa: now, sid: crypto.randomUUID() };
      }
      const sia = typeof token.sia === "number" ? token.sia : 0;
      const lsa = typeof token.lsa === "number" ? token.lsa : 0;
      if (sessionExpired({ sia, lsa }, now)) return null;
      return { ...token, lsa: now };
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.sessionVersion = typeof token.sv === "number" ? token.sv : -1;
      if (typeof token.sid === "string") session.sid = token.sid;
      return session;
    },
  },
});
