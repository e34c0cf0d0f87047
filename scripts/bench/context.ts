import type pg from "pg";
import type { BenchIds, Sizes } from "./dataset";
import type { HeldMemory } from "./lib/inspector";

/** What every scenario gets: the running server, the benchmark database and its data. */
export interface Context {
  quick: boolean;
  sizes: Sizes;
  baseUrl: string;
  serverPid: number;
  /** What the server holds after a full garbage collection. */
  serverHeldMemory: () => Promise<HeldMemory>;
  databaseUrl: string;
  /** A connection to the benchmark database for setup queries (not for timed work). */
  db: pg.Client;
  ids: BenchIds;
  registrarEmail: string;
  password: string;
  /** Session cookie of the benchmark registrar (signed in once). */
  registrarCookie: string;
  log: (line: string) => void;
}
