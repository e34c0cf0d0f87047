import type pg from "pg";
import type { BenchIds, Sizes } from "./dataset";

/** What every scenario gets: the running server, the benchmark database and its data. */
export interface Context {
  quick: boolean;
  sizes: Sizes;
  baseUrl: string;
  serverPid: number;
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
