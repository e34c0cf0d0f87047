/** Answers of /api/sftp-delivery/*, shared by the routes and the SFTP delivery page. */
import type { TestResult } from "@/lib/sftp-delivery/mutations";

/** An action that answers with a sentence for the page (forget host key, remove). */
export interface SftpMessage {
  ok: true;
  message: string;
}

/** POST /api/sftp-delivery: saved; a key pair was generated when the settings asked for one. */
export interface SettingsSaved extends SftpMessage {
  keyGenerated: boolean;
}

/** POST /api/sftp-delivery/new-key. */
export interface KeyGenerated extends SftpMessage {
  publicKey: string;
}

/** POST /api/sftp-delivery/test: a failed test is still a 200 that names what failed. */
export type ConnectionTested = TestResult;
