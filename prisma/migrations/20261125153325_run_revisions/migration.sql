-- CreateEnum
CREATE TYPE "revision_actor_type" AS ENUM ('anonymous', 'user', 'api_key', 'system');

-- CreateEnum
CREATE TYPE "revision_surface" AS ENUM ('trpc', 'rest', 'dashboard', 'import', 'cli');

-- CreateTable
CREATE TABLE "run_revisions" (
    "id" BIGSERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "metadata_before" JSONB NOT NULL,
    "metadata_after" JSONB NOT NULL,
    "actor_type" "revision_actor_type" NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT,
    "surface" "revision_surface" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "run_revisions_run_version_key" ON "run_revisions"("run_id", "version");

-- AddForeignKey
ALTER TABLE "run_revisions" ADD CONSTRAINT "run_revisions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
