-- The password-expiry reminder email: when it was last sent (once per password).
ALTER TABLE "app_user" ADD COLUMN "password_reminder_sent_at" TIMESTAMP(3);
