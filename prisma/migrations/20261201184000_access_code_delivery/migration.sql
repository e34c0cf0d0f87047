-- Access codes reach the right person (issue 15): the code is kept sealed so it can be emailed
-- again and shown to a school's principal, and every email of it is recorded.
ALTER TABLE "access_code" ADD COLUMN "code_sealed" TEXT;

CREATE TABLE "access_code_delivery" (
    "id" UUID NOT NULL,
    "access_code_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "sent_at" TIMESTAMP(3),
    "transport" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_code_delivery_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "access_code_delivery_access_code_id_created_at_idx" ON "access_code_delivery"("access_code_id", "created_at");

ALTER TABLE "access_code_delivery" ADD CONSTRAINT "access_code_delivery_access_code_id_fkey" FOREIGN KEY ("access_code_id") REFERENCES "access_code"("id") ON DELETE CASCADE ON UPDATE CASCADE;
