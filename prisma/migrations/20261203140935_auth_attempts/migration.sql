-- CreateTable
CREATE TABLE "auth_attempts" (
    "key" TEXT NOT NULL,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "auth_attempts_pkey" PRIMARY KEY ("key")
);
