-- The release sequence replaces transaction-id snapshots (docs/delivery-sequence.md).
--
-- Existing versions get positions and existing files watermarks such that every existing file
-- holds exactly what it held before, and every user's next "new" file is exactly what it would
-- have been. Files' snapshots came from one primary, so they are nested: a snapshot taken later
-- sees everything an earlier one saw. Ordered by (xmax, xmin, fewest running), they are in the
-- order they were taken. A version's group is the first snapshot in that order that sees it;
-- positions follow groups, so a file that saw snapshot k holds exactly the positions up to the
-- number of versions in groups 1..k. Set-based throughout: one index probe per version, not one
-- visibility test per version and file.

-- 1. The new columns and the sequence's counter.
ALTER TABLE "score_report_version" ADD COLUMN "position" BIGINT;
ALTER TABLE "bulk_file" ADD COLUMN "base_position" BIGINT, ADD COLUMN "watermark" BIGINT;

CREATE TABLE "release_sequence" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "last_position" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "release_sequence_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "release_sequence_single_row" CHECK ("id" = 1)
);

-- 2. The distinct snapshots files were made from, numbered in the order they were taken.
CREATE TEMPORARY TABLE seq_snapshot AS
SELECT row_number() OVER (ORDER BY snap_xmax, snap_xmin, cardinality(xip) DESC, xip) AS k, snap_xmin, snap_xmax, xip
  FROM (SELECT DISTINCT snap_xmin, snap_xmax, COALESCE(snap_xip, '{}') AS xip FROM "bulk_file") d;
CREATE INDEX ON seq_snapshot (snap_xmax, k);

-- 3. For each transaction some snapshot saw still running: the last snapshot that did. The
--    snapshots seeing it running are consecutive (nested), so the next one is the first to see it.
CREATE TEMPORARY TABLE seq_running AS
SELECT x, max(k) AS last_k FROM seq_snapshot, unnest(xip) AS x GROUP BY x;
CREATE UNIQUE INDEX ON seq_running (x);
ANALYZE seq_snapshot;
ANALYZE seq_running;

-- 4. Each version's group: the first snapshot (from the first one whose xmax is past its
--    transaction, skipping those that saw it running) that sees it; NULL when none does.
CREATE TEMPORARY TABLE seq_group AS
SELECT v.id,
       CASE
         WHEN first.k IS NULL THEN NULL
         WHEN NOT first.running THEN first.k
         WHEN r.last_k < (SELECT count(*) FROM seq_snapshot) THEN r.last_k + 1
         ELSE NULL
       END AS grp
  FROM "score_report_version" v
  LEFT JOIN LATERAL (
    SELECT s.k, v.xid = ANY (s.xip) AS running FROM seq_snapshot s WHERE s.snap_xmax > v.xid ORDER BY s.snap_xmax, s.k LIMIT 1
  ) first ON true
  LEFT JOIN seq_running r ON r.x = v.xid;

-- 5. Positions: by group (versions no file has seen last), then by id. Within a report, a later
--    version was inserted after the earlier one committed (the version number claim on
--    score_report waits for it), so it has a higher id and a group at least as late.
UPDATE "score_report_version" v SET "position" = g.position
  FROM (SELECT id, row_number() OVER (ORDER BY grp NULLS LAST, id) AS position FROM seq_group) g
 WHERE v.id = g.id;

-- 6. Each snapshot's watermark: the number of versions in its group or an earlier one.
CREATE TEMPORARY TABLE seq_watermark AS
SELECT s.snap_xmin, s.snap_xmax, s.xip, COALESCE(sum(c.n) OVER (ORDER BY s.k), 0) AS watermark
  FROM seq_snapshot s
  LEFT JOIN (SELECT grp, count(*) AS n FROM seq_group WHERE grp IS NOT NULL GROUP BY grp) c ON c.grp = s.k;

UPDATE "bulk_file" f SET "watermark" = w.watermark
  FROM seq_watermark w
 WHERE f.snap_xmin = w.snap_xmin AND f.snap_xmax = w.snap_xmax AND COALESCE(f.snap_xip, '{}') = w.xip;

-- An incremental file continued from its base file's snapshot: now from that file's watermark.
UPDATE "bulk_file" f SET "base_position" = b."watermark"
  FROM "bulk_file" b
 WHERE b.id = f.base_file_id AND f.type = 'INCREMENTAL';

ALTER TABLE "bulk_file" ALTER COLUMN "watermark" SET NOT NULL;
INSERT INTO "release_sequence" ("id", "last_position") SELECT 1, COALESCE(max("position"), 0) FROM "score_report_version";

DROP TABLE seq_watermark, seq_group, seq_running, seq_snapshot;

-- 7. Transaction ids and snapshots are gone: they belonged to one cluster, not to the data.
DROP INDEX "score_report_version_organization_id_xid_idx";
ALTER TABLE "score_report_version" DROP COLUMN "xid";
ALTER TABLE "bulk_file" DROP COLUMN "snap_xip", DROP COLUMN "snap_xmax", DROP COLUMN "snap_xmin";

-- 8. Incremental files and the "new" count read the versions after a watermark; the sequencer
--    reads the versions still waiting for a position.
CREATE INDEX "score_report_version_organization_id_position_idx" ON "score_report_version"("organization_id", "position");
CREATE INDEX "score_report_version_unsequenced_idx" ON "score_report_version"("id") WHERE ("position" IS NULL);
