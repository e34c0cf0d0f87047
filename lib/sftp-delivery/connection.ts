import crypto from "node:crypto";
import dns from "node:dns";
import net from "node:net";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import SftpClient from "ssh2-sftp-client";
import ssh2 from "ssh2";
import { env } from "@/lib/env";
import { isPrivateAddress, urlPolicyFor } from "@/lib/webhooks/rules";

const CONNECT_TIMEOUT_MS = 15_000;

/** What went wrong, in the words the settings page and the failure email use. */
export type SftpFailureKind = "dns" | "tcp" | "host-key" | "authentication" | "permission" | "disk-full" | "not-found" | "verify" | "access" | "other";

export class SftpDeliveryError extends Error {
  constructor(
    readonly kind: SftpFailureKind,
    message: string,
  ) {
    super(message);
    this.name = "SftpDeliveryError";
  }
}

export interface SftpTarget {
  host: string;
  port: number;
  username: string;
  /** Exactly one of the two. */
  privateKey?: string;
  password?: string;
  /** "SHA256:…" of the pinned host key; null until the first successful connection. */
  pinnedHostKey: string | null;
}

/** The OpenSSH-style fingerprint of a raw host key blob: "SHA256:" + unpadded base64. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${crypto.createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

/** A new Ed25519 key pair for one institution: the public half in authorized_keys form. */
export function generateDeliveryKeyPair(comment: string): { publicKey: string; privateKey: string } {
  const pair = ssh2.utils.generateKeyPairSync("ed25519", { comment });
  return { publicKey: pair.public.trim(), privateKey: pair.private };
}

/** SFTP status codes (draft-ietf-secsh-filexfer) that say what the server refused. */
const SFTP_STATUS = { NO_SUCH_FILE: 2, PERMISSION_DENIED: 3, FAILURE: 4, NO_SPACE_ON_FILESYSTEM: 14, QUOTA_EXCEEDED: 15 } as const;

/**
 * Turns a library or server error into a sentence an institution's IT staff can act on.
 * `where` names the server; `doing` the step ("uploading AP_….txt").
 */
export function describeSftpError(error: unknown, where: string, doing: string): SftpDeliveryError {
  if (error instanceof SftpDeliveryError) return error;
  const e = error as { code?: string | number; message?: string; level?: string };
  const message = String(e.message ?? error);
  const code = e.code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /Address lookup failed/i.test(message)) {
    return new SftpDeliveryError("dns", `The host name of ${where} could not be resolved (DNS).`);
  }
  if (code === "ECONNREFUSED" || /refused connection/i.test(message))
    return new SftpDeliveryError("tcp", `${where} refused the TCP connection. Check the host and port and your firewall.`);
  if (code === "ETIMEDOUT" || code === "EHOSTUNREACH" || code === "ENETUNREACH" || /Timed out while waiting for handshake/i.test(message)) {
    return new SftpDeliveryError("tcp", `${where} could not be reached over TCP (no answer). Check the host and port and your firewall.`);
  }
  if (code === "ECONNRESET") return new SftpDeliveryError("tcp", `${where} closed the connection while ${doing}.`);
  if (/authentication methods failed/i.test(message) || e.level === "client-authentication") {
    return new SftpDeliveryError("authentication", `${where} refused the user name and ${"key or password"}: authentication failed.`);
  }
  if (code === SFTP_STATUS.PERMISSION_DENIED || code === "EACCES" || /permission denied/i.test(message)) {
    return new SftpDeliveryError("permission", `Permission denied by ${where} while ${doing}. Let the user write, rename and delete files in the folder.`);
  }
  if (code === SFTP_STATUS.NO_SPACE_ON_FILESYSTEM || code === SFTP_STATUS.QUOTA_EXCEEDED || /no space|disk full|quota/i.test(message)) {
    return new SftpDeliveryError("disk-full", `The disk of ${where} is full (or the user's quota is used up) while ${doing}.`);
  }
  if (code === SFTP_STATUS.NO_SUCH_FILE || code === "ENOENT" || /no such file/i.test(message)) {
    return new SftpDeliveryError("not-found", `The folder does not exist on ${where} (while ${doing}).`);
  }
  return new SftpDeliveryError("other", `${where} failed while ${doing}: ${message.replace(/^[\w>-]+: /, "").slice(0, 300)}`);
}

/** Resolves the host (refusing private addresses in production, like webhooks do). */
async function resolveHost(host: string, where: string): Promise<string> {
  if (net.isIP(host)) {
    if (urlPolicyFor(env().APP_DEPLOYMENT) === "production" && isPrivateAddress(host)) {
      throw new SftpDeliveryError("access", `${where} is a private address; production deliveries must use a public one.`);
    }
    return host;
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true });
  } catch {
    throw new SftpDeliveryError("dns", `The host name of ${where} could not be resolved (DNS).`);
  }
  const allowed = urlPolicyFor(env().APP_DEPLOYMENT) === "production" ? addresses.filter((a) => !isPrivateAddress(a.address)) : addresses;
  if (!allowed.length) throw new SftpDeliveryError("access", `${where} resolves only to private addresses; production deliveries must use a public one.`);
  return allowed[0]!.address;
}

export interface OpenSession {
  client: SftpClient;
  /** Fingerprint of the key the server presented (equal to the pinned one when there is one). */
  hostKey: string;
  where: string;
  end(): Promise<void>;
}

/**
 * Connects and opens SFTP, refusing a server whose host key differs from the pinned one
 * (the connection is dropped before any credential is sent).
 */
export async function openSftp(target: SftpTarget): Promise<OpenSession> {
  const where = `${target.host}:${target.port}`;
  const address = await resolveHost(target.host, where);
  const client = new SftpClient("ap-sftp-delivery");
  let presented: string | null = null;
  try {
    await client.connect({
      host: address,
      port: target.port,
      username: target.username,
      ...(target.privateKey ? { privateKey: target.privateKey } : { password: target.password ?? "" }),
      readyTimeout: CONNECT_TIMEOUT_MS,
      // Keyboard-interactive and agents are never used: only the configured credential.
      tryKeyboard: false,
      hostVerifier: (key: Buffer) => {
        presented = hostKeyFingerprint(key);
        return target.pinnedHostKey === null || presented === target.pinnedHostKey;
      },
    });
  } catch (error) {
    await client.end().catch(() => {});
    if (presented && target.pinnedHostKey && presented !== target.pinnedHostKey) {
      throw new SftpDeliveryError(
        "host-key",
        `Host key mismatch: ${where} presented ${presented}, but ${target.pinnedHostKey} is pinned. If the server's key was changed on purpose, forget the pinned key and test the connection again.`,
      );
    }
    throw describeSftpError(error, where, "connecting");
  }
  return {
    client,
    hostKey: presented ?? "",
    where,
    end: () =>
      client.end().then(
        () => undefined,
        () => undefined,
      ),
  };
}

/**
 * Streams into a remote file and closes it. Not `client.put`: ssh2's auto-closing write stream
 * drops a failed WRITE's status (disk full, quota), so the upload would look successful.
 */
export async function writeRemote(client: SftpClient, source: Readable, file: string): Promise<void> {
  const sink = client.createWriteStream(file, { flags: "w", autoClose: false }) as unknown as Writable;
  await pipeline(source, sink);
  await new Promise<void>((resolve, reject) => {
    sink.once("close", () => resolve());
    sink.once("error", reject);
    sink.destroy();
  });
}

export function remotePath(folder: string, name: string): string {
  return path.posix.join(folder || ".", name);
}

/**
 * Uploads to `temporary`, checks the size the server stored, then renames to `final`,
 * replacing a copy left by an earlier attempt: POSIX rename where the server offers it
 * (atomic), otherwise delete-then-rename (the final name is briefly absent, never partial).
 */
export async function uploadAndRename(
  session: OpenSession,
  source: Readable,
  paths: { temporary: string; final: string },
  expectedBytes: () => number,
  hooks: { afterUpload?: () => Promise<void> | void } = {},
): Promise<number> {
  const { client, where } = session;
  const tempName = path.posix.basename(paths.temporary);
  try {
    await writeRemote(client, source, paths.temporary);
  } catch (error) {
    throw describeSftpError(error, where, `uploading ${tempName}`);
  }
  const bytes = expectedBytes();
  let stored: number;
  try {
    stored = (await client.stat(paths.temporary)).size;
  } catch (error) {
    throw describeSftpError(error, where, `checking the size of ${tempName}`);
  }
  if (stored !== bytes) {
    throw new SftpDeliveryError(
      "verify",
      `${where} stored ${stored} bytes of ${tempName} instead of ${bytes}; the file was not renamed and will be sent again.`,
    );
  }
  await hooks.afterUpload?.();
  const finalName = path.posix.basename(paths.final);
  try {
    await client.posixRename(paths.temporary, paths.final).catch(async (error: unknown) => {
      if (!/does not support/i.test(String((error as Error).message))) throw error;
      if (await client.exists(paths.final)) await client.delete(paths.final);
      await client.rename(paths.temporary, paths.final);
    });
  } catch (error) {
    throw describeSftpError(error, where, `renaming ${tempName} to ${finalName}`);
  }
  return bytes;
}
