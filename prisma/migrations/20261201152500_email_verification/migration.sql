-- Email verification (issue 15). Accounts created before verification existed are treated as
-- verified: they have been in use, and locking every existing user out would be worse. An
-- operator who doubts an account can set its email_verified_at back to NULL.
ALTER TABLE "app_user" ADD COLUMN "email_verified_at" TIMESTAMP(3);
UPDATE "app_user" SET "email_verified_at" = "created_at";

CREATE TABLE "email_verification" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "email_verification_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "email_verification_token_hash_key" ON "email_verification"("token_hash");
CREATE INDEX "email_verification_user_id_idx" ON "email_verification"("user_id");
ALTER TABLE "email_verification" ADD CONSTRAINT "email_verification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "invitation" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "grant_key" TEXT NOT NULL,
    "grant" JSONB NOT NULL,
    "invited_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accepted_at" TIMESTAMP(3),
    "accepted_by_id" UUID,
    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "invitation_email_organization_id_grant_key_key" ON "invitation"("email", "organization_id", "grant_key");
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
