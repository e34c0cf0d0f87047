-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "global_role" AS ENUM ('USER', 'ADMIN');

-- CreateEnum
CREATE TYPE "organization_kind" AS ENUM ('COLLEGE', 'SCHOOL', 'DISTRICT', 'HOMESCHOOL');

-- CreateEnum
CREATE TYPE "access_purpose" AS ENUM ('HED', 'K12_SCHOOL');

-- CreateEnum
CREATE TYPE "membership_role" AS ENUM ('HED_ADMIN', 'K12_TEACHER', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN');

-- CreateEnum
CREATE TYPE "bulk_file_type" AS ENUM ('FULL', 'INCREMENTAL', 'CUSTOM');

-- CreateEnum
CREATE TYPE "file_format" AS ENUM ('TXT', 'CSV');

-- CreateEnum
CREATE TYPE "download_channel" AS ENUM ('PORTAL', 'WEB_SERVICE');

-- CreateTable
CREATE TABLE "app_user" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "org_zip" TEXT,
    "organization_name" TEXT NOT NULL,
    "job_function" TEXT NOT NULL,
    "role" "global_role" NOT NULL DEFAULT 'USER',
    "password_changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMP(3),
    "last_sign_in_at" TIMESTAMP(3),
    "mfa_enabled" BOOLEAN NOT NULL DEFAULT false,
    "mfa_secret" TEXT,
    "session_version" INTEGER NOT NULL DEFAULT 0,
    "selected_organization_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terms_acceptance" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "accepted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,

    CONSTRAINT "terms_acceptance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mfa_recovery_code" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMP(3),

    CONSTRAINT "mfa_recovery_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_password" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "app_password_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMP(3),

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "organization" (
    "id" UUID NOT NULL,
    "kind" "organization_kind" NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address_lines" TEXT[],
    "city" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT '',
    "zip" TEXT NOT NULL DEFAULT '',
    "contact_name" TEXT NOT NULL DEFAULT '',
    "contact_email" TEXT NOT NULL DEFAULT '',
    "district_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_code" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "purpose" "access_purpose" NOT NULL DEFAULT 'HED',
    "code_hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "max_redemptions" INTEGER,
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "role" "membership_role" NOT NULL,
    "position" TEXT NOT NULL,
    "access_code_id" UUID,
    "expires_at" TIMESTAMP(3),
    "dashboard_visited_at" TIMESTAMP(3),
    "notifications_enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "student" (
    "id" UUID NOT NULL,
    "ap_id" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "middle_initial" TEXT NOT NULL DEFAULT '',
    "date_of_birth" DATE,
    "email" TEXT,
    "profile" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "student_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exam" (
    "id" BIGSERIAL NOT NULL,
    "student_id" UUID NOT NULL,
    "admin_year" INTEGER NOT NULL,
    "exam_code" TEXT NOT NULL,
    "score" INTEGER,
    "irregularity_codes" TEXT[],
    "suppression" TEXT NOT NULL DEFAULT '',
    "class_section" TEXT NOT NULL DEFAULT '',
    "school_code" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "exam_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "student_award" (
    "id" BIGSERIAL NOT NULL,
    "student_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "year" INTEGER NOT NULL,

    CONSTRAINT "student_award_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "score_report" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" UUID NOT NULL,
    "student_id" UUID NOT NULL,
    "ap_id" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "middle_initial" TEXT NOT NULL DEFAULT '',
    "date_of_birth" DATE,
    "email" TEXT,
    "last_name_key" TEXT NOT NULL,
    "email_key" TEXT,
    "latest_version" INTEGER NOT NULL DEFAULT 1,
    "latest_released_at" TIMESTAMP(3) NOT NULL,
    "first_released_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "score_report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "score_report_version" (
    "id" BIGSERIAL NOT NULL,
    "report_id" BIGINT NOT NULL,
    "organization_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "released_at" TIMESTAMP(3) NOT NULL,
    "xid" BIGINT NOT NULL DEFAULT ((pg_current_xact_id())::text)::bigint,
    "txt_record" TEXT NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "score_report_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_file" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "channel" "download_channel" NOT NULL,
    "type" "bulk_file_type" NOT NULL,
    "format" "file_format" NOT NULL,
    "file_name" TEXT NOT NULL,
    "range_start" TIMESTAMP(3),
    "range_end" TIMESTAMP(3),
    "snap_xmin" BIGINT NOT NULL,
    "snap_xmax" BIGINT NOT NULL,
    "snap_xip" BIGINT[],
    "base_file_id" BIGINT,
    "record_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "logged_at" TIMESTAMP(3),

    CONSTRAINT "bulk_file_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pdf_download" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "report_id" BIGINT NOT NULL,
    "version" INTEGER NOT NULL,
    "downloaded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pdf_download_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_api_token" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "admin_api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_user_id" UUID,
    "actor_label" TEXT NOT NULL DEFAULT '',
    "action" TEXT NOT NULL,
    "organization_id" UUID,
    "target_user_id" UUID,
    "record_count" INTEGER,
    "ip" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_email" (
    "id" BIGSERIAL NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_email_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "terms_acceptance_user_id_version_key" ON "terms_acceptance"("user_id", "version");

-- CreateIndex
CREATE INDEX "mfa_recovery_code_user_id_idx" ON "mfa_recovery_code"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "app_password_secret_hash_key" ON "app_password"("secret_hash");

-- CreateIndex
CREATE INDEX "app_password_user_id_idx" ON "app_password"("user_id");

-- CreateIndex
CREATE INDEX "organization_zip_idx" ON "organization"("zip");

-- CreateIndex
CREATE UNIQUE INDEX "organization_kind_code_key" ON "organization"("kind", "code");

-- CreateIndex
CREATE UNIQUE INDEX "access_code_code_hash_key" ON "access_code"("code_hash");

-- CreateIndex
CREATE INDEX "access_code_organization_id_idx" ON "access_code"("organization_id");

-- CreateIndex
CREATE INDEX "membership_organization_id_idx" ON "membership"("organization_id");

-- CreateIndex
CREATE INDEX "membership_access_code_id_idx" ON "membership"("access_code_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_user_id_organization_id_role_key" ON "membership"("user_id", "organization_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "student_ap_id_key" ON "student"("ap_id");

-- CreateIndex
CREATE INDEX "exam_school_code_admin_year_exam_code_idx" ON "exam"("school_code", "admin_year", "exam_code");

-- CreateIndex
CREATE UNIQUE INDEX "exam_student_id_admin_year_exam_code_key" ON "exam"("student_id", "admin_year", "exam_code");

-- CreateIndex
CREATE UNIQUE INDEX "student_award_student_id_type_year_key" ON "student_award"("student_id", "type", "year");

-- CreateIndex
CREATE INDEX "score_report_organization_id_last_name_key_idx" ON "score_report"("organization_id", "last_name_key");

-- CreateIndex
CREATE INDEX "score_report_organization_id_email_key_idx" ON "score_report"("organization_id", "email_key");

-- CreateIndex
CREATE INDEX "score_report_organization_id_ap_id_idx" ON "score_report"("organization_id", "ap_id");

-- CreateIndex
CREATE INDEX "score_report_organization_id_date_of_birth_idx" ON "score_report"("organization_id", "date_of_birth");

-- CreateIndex
CREATE INDEX "score_report_organization_id_latest_released_at_idx" ON "score_report"("organization_id", "latest_released_at");

-- CreateIndex
CREATE UNIQUE INDEX "score_report_organization_id_student_id_key" ON "score_report"("organization_id", "student_id");

-- CreateIndex
CREATE INDEX "score_report_version_organization_id_xid_idx" ON "score_report_version"("organization_id", "xid");

-- CreateIndex
CREATE INDEX "score_report_version_organization_id_released_at_idx" ON "score_report_version"("organization_id", "released_at");

-- CreateIndex
CREATE UNIQUE INDEX "score_report_version_report_id_version_key" ON "score_report_version"("report_id", "version");

-- CreateIndex
CREATE INDEX "bulk_file_user_id_organization_id_id_idx" ON "bulk_file"("user_id", "organization_id", "id");

-- CreateIndex
CREATE INDEX "bulk_file_organization_id_created_at_idx" ON "bulk_file"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "pdf_download_user_id_organization_id_report_id_idx" ON "pdf_download"("user_id", "organization_id", "report_id");

-- CreateIndex
CREATE INDEX "pdf_download_organization_id_downloaded_at_idx" ON "pdf_download"("organization_id", "downloaded_at");

-- CreateIndex
CREATE UNIQUE INDEX "admin_api_token_token_hash_key" ON "admin_api_token"("token_hash");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE INDEX "audit_event_actor_user_id_at_idx" ON "audit_event"("actor_user_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_organization_id_at_idx" ON "audit_event"("organization_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_action_at_idx" ON "audit_event"("action", "at");

-- CreateIndex
CREATE INDEX "outbox_email_created_at_idx" ON "outbox_email"("created_at");

-- AddForeignKey
ALTER TABLE "terms_acceptance" ADD CONSTRAINT "terms_acceptance_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mfa_recovery_code" ADD CONSTRAINT "mfa_recovery_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_password" ADD CONSTRAINT "app_password_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization" ADD CONSTRAINT "organization_district_id_fkey" FOREIGN KEY ("district_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_code" ADD CONSTRAINT "access_code_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_code" ADD CONSTRAINT "access_code_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_access_code_id_fkey" FOREIGN KEY ("access_code_id") REFERENCES "access_code"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exam" ADD CONSTRAINT "exam_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "student_award" ADD CONSTRAINT "student_award_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_report" ADD CONSTRAINT "score_report_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_report" ADD CONSTRAINT "score_report_student_id_fkey" FOREIGN KEY ("student_id") REFERENCES "student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_report_version" ADD CONSTRAINT "score_report_version_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "score_report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_file" ADD CONSTRAINT "bulk_file_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_file" ADD CONSTRAINT "bulk_file_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_file" ADD CONSTRAINT "bulk_file_base_file_id_fkey" FOREIGN KEY ("base_file_id") REFERENCES "bulk_file"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pdf_download" ADD CONSTRAINT "pdf_download_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pdf_download" ADD CONSTRAINT "pdf_download_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "score_report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_api_token" ADD CONSTRAINT "admin_api_token_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

