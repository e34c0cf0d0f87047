-- AlterTable
ALTER TABLE "score_report_version" ADD COLUMN     "csv_record" TEXT;

