/**
 * The app under test: a production build (built once when sources changed) served by
 * the app (scripts/server.ts, as `npm start` serves it) against the benchmark database, and the server process's memory.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { buildIsCurrent, nextBuild } from "../lib/build";
import { ROOT } from "../lib/postgres";
import { heldMemory, inspectorUrl, type HeldMemory } from "./lib/inspector";

export async function buildIfNeeded(log: (line: string) => void): Promise<number> {
  if (buildIsCurrent()) {
    log("production build is up to date");
    return 0;
  }
  log("building the app (next build)…");
  const started = performance.now();
  let output = "";
  const code = await nextBuild((args) => {
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    output = `${result.stdout}\n${result.stderr}`;
    return result.status ?? 1;
  });
  if (code !== 0) throw new Error(`next build failed:\n${output}`);
  return (performance.now() - started) / 1000;
}

export interface RunningServer {
  baseUrl: string;
  /** Pid of the process that serves requests (Next's `next-server` process). */
  serverPid: number;
  /** What the server holds after a full garbage collection (through its inspector, bound to 127.0.0.1). */
  heldMemory(): Promise<HeldMemory>;
  stop(): Promise<void>;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name may contain spaces and parentheses: the ppid follows the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** The request-serving process: scripts/server.ts serves in its own process (`next start` used a child titled next-server). */
function findServerPid(rootPid: number): number {
  const queue = [rootPid];
  const all: number[] = [];
  while (queue.length) {
    const pid = queue.shift()!;
    all.push(pid);
    queue.push(...childrenOf(pid));
  }
  for (const pid of all) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes("next-server")) return pid;
    } catch {
      // gone
    }
  }
  return all.reduce((best, pid) => (rssBytes(pid) > rssBytes(best) ? pid : best), rootPid);
}

export function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples a process's resident set until stopped; returns the peak seen. */
export function sampleRss(pid: number, everyMs = 20): { stop(): number; baseline: number } {
  const baseline = rssBytes(pid);
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
  }, everyMs);
  return {
    baseline,
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssBytes(pid));
    },
  };
}

export async function startServer(port: number, env: Record<string, string | undefined>, log: (line: string) => void): Promise<RunningServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--inspect=127.0.0.1:0", "--import", "tsx", "scripts/server.ts", "--port", String(port), "--host", "127.0.0.1"],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the app server did not answer /api/health within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const serverPid = findServerPid(child.pid!);
  const inspector = inspectorUrl(output);
  log(`server ready on ${baseUrl} (pid ${serverPid})`);
  return {
    baseUrl,
    serverPid,
    heldMemory: () => {
      if (!inspector) throw new Error(`the app server printed no inspector address:\n${output}`);
      return heldMemory(inspector);
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
