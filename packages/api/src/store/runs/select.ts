import { Prisma } from "@runboard/db";
import { RUN_SELECT_LIST } from "./columns.ts";

/** The select list of every run query, in the shape `toWireRun` reads. */
export const SELECT_RUN_COLUMNS = Prisma.raw(RUN_SELECT_LIST);
