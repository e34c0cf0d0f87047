/**
 * A real SSH/SFTP server on loopback for tests: ssh2's server speaking the SFTP protocol,
 * backed by a real temporary folder on disk. It behaves like OpenSSH's sftp-server where the
 * delivery depends on it (RENAME refuses an existing target; no posix-rename extension) and
 * can be told to refuse writes (like `sftp-server -R`) or to run out of space after a quota.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import ssh2, { type Connection, type SFTPWrapper } from "ssh2";

// ssh2 is CommonJS: its named exports are reached through the default one under Node ESM.
const { utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

export interface TestSftpUser {
  username: string;
  password?: string;
  /** OpenSSH public key line allowed to sign in. */
  publicKey?: string;
}

export interface TestSftpServer {
  port: number;
  root: string;
  hostKeyFingerprint: string;
  users: TestSftpUser[];
  /** Writes, renames and removals answer "Permission denied". */
  readOnly: boolean;
  /** Bytes that fit on the "disk" (null: unlimited); writes beyond answer "No space left on device". */
  quotaBytes: number | null;
  /** Files on disk under the root, relative path → content. */
  files(): Record<string, Buffer>;
  /** Restarts on the same port with a new host key (as after a server reinstall). */
  changeHostKey(): Promise<void>;
  close(): Promise<void>;
}

function newHostKey(): { pem: string; fingerprint: string } {
  const pair = utils.generateKeyPairSync("ed25519");
  const parsed = utils.parseKey(pair.private);
  if (parsed instanceof Error) throw parsed;
  const blob = parsed.getPublicSSH();
  return { pem: pair.private, fingerprint: `SHA256:${crypto.createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}` };
}

function fsStatus(error: NodeJS.ErrnoException): [number, string] {
  switch (error.code) {
    case "ENOENT":
    case "ENOTDIR":
      return [STATUS_CODE.NO_SUCH_FILE, "No such file"];
    case "EACCES":
    case "EPERM":
      return [STATUS_CODE.PERMISSION_DENIED, "Permission denied"];
    case "ENOSPC":
      return [STATUS_CODE.FAILURE, "No space left on device"];
    default:
      return [STATUS_CODE.FAILURE, error.message];
  }
}

export async function startTestSftpServer(users: TestSftpUser[]): Promise<TestSftpServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ap-sftp-"));
  let hostKey = newHostKey();
  const connections = new Set<Connection>();

  const state = {
    readOnly: false,
    quotaBytes: null as number | null,
  };

  const resolve = (remote: string): string | null => {
    const normalized = path.posix.normalize(path.posix.join("/", remote));
    const local = path.join(root, normalized);
    return local.startsWith(root) ? local : null;
  };

  const usedBytes = (): number => {
    let total = 0;
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else total += fs.statSync(p).size;
      }
    };
    walk(root);
    return total;
  };

  const serveSftp = (sftp: SFTPWrapper) => {
    const handles = new Map<number, number>();
    let nextHandle = 1;
    const fdOf = (handle: Buffer) => (handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined);
    const attrsOf = (st: fs.Stats) => ({
      mode: st.mode,
      uid: st.uid,
      gid: st.gid,
      size: st.size,
      atime: Math.floor(st.atimeMs / 1000),
      mtime: Math.floor(st.mtimeMs / 1000),
    });
    const guard = (reqId: number, fn: () => void) => {
      try {
        fn();
      } catch (error) {
        const [code, message] = fsStatus(error as NodeJS.ErrnoException);
        sftp.status(reqId, code, message);
      }
    };

    sftp.on("REALPATH", (reqId, remote) => {
      const normalized = path.posix.normalize(path.posix.join("/", remote));
      sftp.name(reqId, [{ filename: normalized, longname: normalized, attrs: {} as ssh2.Attributes }]);
    });
    const stat = (reqId: number, remote: string) =>
      guard(reqId, () => {
        const local = resolve(remote);
        if (!local) return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, "Permission denied");
        sftp.attrs(reqId, attrsOf(fs.statSync(local)));
      });
    sftp.on("STAT", stat);
    sftp.on("LSTAT", stat);
    sftp.on("OPEN", (reqId, remote, flags) =>
      guard(reqId, () => {
        const local = resolve(remote);
        const mode = utils.sftp.flagsToString(flags);
        if (!local || !mode) return sftp.status(reqId, STATUS_CODE.FAILURE, "Bad request");
        if (state.readOnly && flags & utils.sftp.OPEN_MODE.WRITE) return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, "Permission denied");
        const fd = fs.openSync(local, mode);
        const id = nextHandle++;
        handles.set(id, fd);
        const handle = Buffer.alloc(4);
        handle.writeUInt32BE(id, 0);
        sftp.handle(reqId, handle);
      }),
    );
    sftp.on("WRITE", (reqId, handle, offset, data) =>
      guard(reqId, () => {
        const fd = fdOf(handle);
        if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, "Bad handle");
        if (state.quotaBytes !== null && usedBytes() + data.length > state.quotaBytes) {
          throw Object.assign(new Error("No space left on device"), { code: "ENOSPC" });
        }
        fs.writeSync(fd, data, 0, data.length, offset);
        sftp.status(reqId, STATUS_CODE.OK);
      }),
    );
    sftp.on("READ", (reqId, handle, offset, length) =>
      guard(reqId, () => {
        const fd = fdOf(handle);
        if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, "Bad handle");
        const buffer = Buffer.alloc(length);
        const read = fs.readSync(fd, buffer, 0, length, offset);
        if (!read) return sftp.status(reqId, STATUS_CODE.EOF);
        sftp.data(reqId, buffer.subarray(0, read));
      }),
    );
    sftp.on("FSTAT", (reqId, handle) =>
      guard(reqId, () => {
        const fd = fdOf(handle);
        if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, "Bad handle");
        sftp.attrs(reqId, attrsOf(fs.fstatSync(fd)));
      }),
    );
    sftp.on("FSETSTAT", (reqId) => sftp.status(reqId, STATUS_CODE.OK));
    sftp.on("SETSTAT", (reqId) => sftp.status(reqId, STATUS_CODE.OK));
    sftp.on("CLOSE", (reqId, handle) =>
      guard(reqId, () => {
        const fd = fdOf(handle);
        if (fd === undefined) return sftp.status(reqId, STATUS_CODE.FAILURE, "Bad handle");
        handles.delete(handle.readUInt32BE(0));
        fs.closeSync(fd);
        sftp.status(reqId, STATUS_CODE.OK);
      }),
    );
    sftp.on("REMOVE", (reqId, remote) =>
      guard(reqId, () => {
        const local = resolve(remote);
        if (!local || state.readOnly) return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, "Permission denied");
        fs.unlinkSync(local);
        sftp.status(reqId, STATUS_CODE.OK);
      }),
    );
    sftp.on("RENAME", (reqId, from, to) =>
      guard(reqId, () => {
        const source = resolve(from);
        const target = resolve(to);
        if (!source || !target || state.readOnly) return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, "Permission denied");
        // OpenSSH's sftp-server (SFTP v3) refuses to rename over an existing file.
        if (fs.existsSync(target)) return sftp.status(reqId, STATUS_CODE.FAILURE, "Failure");
        fs.renameSync(source, target);
        sftp.status(reqId, STATUS_CODE.OK);
      }),
    );
  };

  const listen = async (port: number): Promise<ssh2.Server> => {
    const server = new ssh2.Server({ hostKeys: [hostKey.pem] }, (client) => {
      connections.add(client);
      client.on("close", () => connections.delete(client));
      client.on("error", () => {});
      client.on("authentication", (ctx) => {
        const user = users.find((u) => u.username === ctx.username);
        if (user && ctx.method === "password" && user.password !== undefined && ctx.password === user.password) return ctx.accept();
        if (user && ctx.method === "publickey" && user.publicKey) {
          const allowed = utils.parseKey(user.publicKey);
          if (!(allowed instanceof Error) && ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH())) {
            if (!ctx.signature) return ctx.accept();
            if (ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return ctx.accept();
          }
        }
        ctx.reject(["password", "publickey"]);
      });
      client.on("ready", () => {
        client.on("session", (acceptSession) => {
          const session = acceptSession();
          session.on("sftp", (acceptSftp) => serveSftp(acceptSftp()));
        });
      });
    });
    await new Promise<void>((ready) => server.listen(port, "127.0.0.1", () => ready()));
    return server;
  };
  const stop = async (server: ssh2.Server) => {
    for (const c of connections) c.end();
    await new Promise<void>((done) => server.close(() => done()));
  };

  let server = await listen(0);
  const port = (server.address() as AddressInfo).port;

  const api: TestSftpServer = {
    port,
    root,
    get hostKeyFingerprint() {
      return hostKey.fingerprint;
    },
    users,
    get readOnly() {
      return state.readOnly;
    },
    set readOnly(value: boolean) {
      state.readOnly = value;
    },
    get quotaBytes() {
      return state.quotaBytes;
    },
    set quotaBytes(value: number | null) {
      state.quotaBytes = value;
    },
    files() {
      const out: Record<string, Buffer> = {};
      const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(p);
          else out[path.relative(root, p)] = fs.readFileSync(p);
        }
      };
      walk(root);
      return out;
    },
    async changeHostKey() {
      await stop(server);
      hostKey = newHostKey();
      server = await listen(port);
    },
    async close() {
      await stop(server);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return api;
}
