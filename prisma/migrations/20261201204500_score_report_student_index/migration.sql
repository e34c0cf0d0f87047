-- Deleting a student cascades to their reports; without this index each delete scanned score_report.
-- CreateIndex
CREATE INDEX "score_report_student_id_idx" ON "score_report"("student_id");
