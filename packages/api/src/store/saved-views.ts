import { randomBytes } from "node:crypto";
import type { SavedView } from "@runboard/contract";
import { Prisma, type PrismaClient } from "@runboard/db";
import { SavedViewConflictError, SavedViewNotFoundError } from "../errors.ts";
import { unixSeconds } from "./runs/row.ts";

type Row = Prisma.SavedViewGetPayload<{ include: { owner: { select: { email: true } } } }>;

const toWire = (row: Row, userId: string): SavedView => ({
  id: row.id,
  name: row.name,
  query: row.query,
  shared: row.shared,
  owner_email: row.owner.email,
  mine: row.ownerId === userId,
  created_at: unixSeconds(row.createdAt),
});

/** Saved runs-list views: each operator's own, and those anyone shared. */
export function savedViewStore(prisma: PrismaClient) {
  const include = { owner: { select: { email: true } } } as const;
  return {
    /** The caller's views and everyone's shared ones, by name. */
    async list(userId: string): Promise<SavedView[]> {
      const rows = await prisma.savedView.findMany({
        where: { OR: [{ ownerId: userId }, { shared: true }] },
        include,
        orderBy: [{ name: "asc" }, { createdAt: "asc" }],
      });
      return rows.map((row) => toWire(row, userId));
    },

    async create(userId: string, input: { name: string; query: string; shared: boolean }): Promise<SavedView> {
      const name = input.name.trim();
      try {
        const row = await prisma.savedView.create({
          data: {
            id: `view_${randomBytes(12).toString("hex")}`,
            ownerId: userId,
            name,
            query: input.query,
            shared: input.shared,
          },
          include,
        });
        return toWire(row, userId);
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
          throw new SavedViewConflictError(
            `You already have a view named '${name}'; pick another name or delete that one.`,
          );
        }
        throw error;
      }
    },

    /** Deletes a view of the caller's own (admins may delete anyone's shared view). */
    async delete(userId: string, id: string, isAdmin: boolean): Promise<{ id: string; deleted: true }> {
      const { count } = await prisma.savedView.deleteMany({
        where: isAdmin ? { id, OR: [{ ownerId: userId }, { shared: true }] } : { id, ownerId: userId },
      });
      if (count === 0) throw new SavedViewNotFoundError(`No view '${id}' of yours${isAdmin ? " or shared" : ""}.`);
      return { id, deleted: true };
    },
  };
}
