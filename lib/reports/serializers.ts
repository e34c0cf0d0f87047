import type { ReleasedReport } from "@/lib/reports/release";

/** POST /api/admin/score-reports and /api/admin/score-reports/txt (201): what was released. */
export interface ScoreReportsLoaded {
  released: ReleasedReport[];
}
