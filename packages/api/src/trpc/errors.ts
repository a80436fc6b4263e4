import { TRPCError } from "@trpc/server";
import { domainErrorOf, errorRowOf } from "../error-table.ts";
import { DatabaseUnavailableError, type DomainError } from "../errors.ts";

/** A domain error as tRPC sends it: the error table's code, the error's message, the error as cause. */
export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: errorRowOf(error).trpc, message: error.message, cause: error });
}

/** The tRPC error for "the database cannot be reached right now", wherever a call finds it. */
export function databaseUnavailableError(cause: unknown): TRPCError {
  return toTRPCError(new DatabaseUnavailableError(cause));
}

/** The error a failed call answers with: a domain error mapped by the table, anything else as it is. */
export function mapToTRPCError(cause: unknown): TRPCError | null {
  const error = domainErrorOf(cause);
  return error ? toTRPCError(error) : null;
}
