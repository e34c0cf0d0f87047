/**
 * A PostgreSQL transaction snapshot (pg_current_snapshot()): which transactions' work it sees.
 * A bulk file records the snapshot it was made from, so "is this report version in that file"
 * has an exact answer even when versions are released while files are being made — which a
 * timestamp watermark cannot give (a release that commits late would fall between two files).
 */
export interface Snapshot {
  xmin: bigint;
  xmax: bigint;
  xip: bigint[];
}

/** Same rule as pg_visible_in_snapshot(): committed before the snapshot was taken. */
export function isVisible(xid: bigint, snapshot: Snapshot): boolean {
  if (xid < snapshot.xmin) return true;
  if (xid >= snapshot.xmax) return false;
  return !snapshot.xip.includes(xid);
}

/** SQL for "the version with transaction id `column` is visible in the snapshot at $x, $x+1, $x+2". */
export function visibleSql(column: string, firstParam: number): string {
  const [xmin, xmax, xip] = [firstParam, firstParam + 1, firstParam + 2];
  return `(${column} < $${xmin}::bigint OR (${column} < $${xmax}::bigint AND ${column} <> ALL ($${xip}::bigint[])))`;
}

/** SQL for "not visible in the snapshot", written so an index on (organization_id, xid) can serve it. */
export function notVisibleSql(column: string, firstParam: number): string {
  const [xmin, xmax, xip] = [firstParam, firstParam + 1, firstParam + 2];
  return `(${column} >= $${xmin}::bigint AND (${column} >= $${xmax}::bigint OR ${column} = ANY ($${xip}::bigint[])))`;
}

export function snapshotParams(s: Snapshot): [string, string, string[]] {
  return [s.xmin.toString(), s.xmax.toString(), s.xip.map(String)];
}
