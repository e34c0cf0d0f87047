-- DropIndex
DROP INDEX "score_report_version_organization_id_report_id_version_idx";

-- CreateIndex
CREATE INDEX "score_report_version_organization_id_report_id_version_idx" ON "score_report_version"("organization_id", "report_id", "version" DESC);

