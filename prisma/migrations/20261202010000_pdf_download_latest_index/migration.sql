-- The PDF tab reads each match's latest download by this user (ORDER BY id DESC LIMIT 1): with
-- the id in the index that is one backward index probe per match instead of a probe and a sort.
DROP INDEX "pdf_download_user_id_organization_id_report_id_idx";

CREATE INDEX "pdf_download_user_id_organization_id_report_id_id_idx" ON "pdf_download"("user_id", "organization_id", "report_id", "id");
