-- CreateEnum
CREATE TYPE "k12_access_source" AS ENUM ('REGISTRATION_ORDERING', 'COURSE_AUDIT', 'ACCESS_CODE', 'SUPERINTENDENT');

-- AlterTable
ALTER TABLE "membership" ADD COLUMN     "authorized_by" TEXT,
ADD COLUMN     "k12_source" "k12_access_source",
ADD COLUMN     "revoked_at" TIMESTAMP(3),
ADD COLUMN     "revoked_by_id" UUID,
ADD COLUMN     "valid_from" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "course_authorization" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "exam_code" TEXT NOT NULL,
    "school_year" INTEGER NOT NULL,
    "sections" TEXT[],
    "sections_selected_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "revoked_by_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "course_authorization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "k12_school_setting" (
    "organization_id" UUID NOT NULL,
    "teachers_restricted" BOOLEAN NOT NULL DEFAULT false,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "k12_school_setting_pkey" PRIMARY KEY ("organization_id")
);

-- CreateIndex
CREATE INDEX "course_authorization_organization_id_school_year_idx" ON "course_authorization"("organization_id", "school_year");

-- CreateIndex
CREATE UNIQUE INDEX "course_authorization_user_id_organization_id_exam_code_scho_key" ON "course_authorization"("user_id", "organization_id", "exam_code", "school_year");

-- AddForeignKey
ALTER TABLE "course_authorization" ADD CONSTRAINT "course_authorization_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "course_authorization" ADD CONSTRAINT "course_authorization_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "k12_school_setting" ADD CONSTRAINT "k12_school_setting_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

