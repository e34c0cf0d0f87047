-- CreateEnum
CREATE TYPE "sftp_auth_method" AS ENUM ('KEY', 'PASSWORD');

-- CreateEnum
CREATE TYPE "sftp_schedule" AS ENUM ('AFTER_RELEASE', 'HOURLY', 'DAILY', 'WEEKDAYS', 'EVERY_OTHER_DAY', 'WEEKLY', 'BIWEEKLY', 'MONTHLY');

-- CreateEnum
CREATE TYPE "sftp_delivery_status" AS ENUM ('PENDING', 'DELIVERED');

-- AlterEnum
ALTER TYPE "download_channel" ADD VALUE 'SFTP';

-- CreateTable
CREATE TABLE "sftp_destination" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 22,
    "username" TEXT NOT NULL,
    "auth_method" "sftp_auth_method" NOT NULL,
    "public_key" TEXT,
    "private_key_sealed" TEXT,
    "password_sealed" TEXT,
    "remote_dir" TEXT NOT NULL,
    "format" "file_format" NOT NULL,
    "schedule" "sftp_schedule" NOT NULL,
    "schedule_time" TEXT NOT NULL DEFAULT '06:00',
    "schedule_day" INTEGER NOT NULL DEFAULT 1,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "host_key_sha256" TEXT,
    "host_key_pinned_at" TIMESTAMP(3),
    "failure_threshold" INTEGER NOT NULL DEFAULT 3,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "failure_notified_at" TIMESTAMP(3),
    "last_error" TEXT,
    "last_slot_at" TIMESTAMP(3),
    "last_attempt_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sftp_destination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sftp_delivery" (
    "id" BIGSERIAL NOT NULL,
    "destination_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "bulk_file_id" BIGINT NOT NULL,
    "file_name" TEXT NOT NULL,
    "record_count" INTEGER NOT NULL,
    "byte_size" BIGINT,
    "status" "sftp_delivery_status" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "renamed_at" TIMESTAMP(3),
    "delivered_at" TIMESTAMP(3),

    CONSTRAINT "sftp_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sftp_destination_organization_id_key" ON "sftp_destination"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "sftp_delivery_bulk_file_id_key" ON "sftp_delivery"("bulk_file_id");

-- CreateIndex
CREATE INDEX "sftp_delivery_destination_id_id_idx" ON "sftp_delivery"("destination_id", "id");

-- CreateIndex
CREATE INDEX "sftp_delivery_organization_id_created_at_idx" ON "sftp_delivery"("organization_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "sftp_delivery_destination_id_file_name_key" ON "sftp_delivery"("destination_id", "file_name");

-- AddForeignKey
ALTER TABLE "sftp_destination" ADD CONSTRAINT "sftp_destination_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sftp_destination" ADD CONSTRAINT "sftp_destination_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sftp_delivery" ADD CONSTRAINT "sftp_delivery_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "sftp_destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

