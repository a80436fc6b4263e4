"use client";

import type { Principal } from "@runboard/contract";
import { createContext, type ReactNode, useContext } from "react";

export type Operator = Extract<Principal, { type: "user" }>;

const SessionContext = createContext<Operator | null>(null);

/** The signed-in operator, as the layout (a server component) read it, for client components. */
export function SessionProvider({ operator, children }: { operator: Operator | null; children: ReactNode }) {
  return <SessionContext.Provider value={operator}>{children}</SessionContext.Provider>;
}

export function useOperator(): Operator | null {
  return useContext(SessionContext);
}

/** Whether the signed-in operator may change run metadata (editors and admins). */
export function useCanEdit(): boolean {
  const operator = useOperator();
  return operator?.role === "editor" || operator?.role === "admin";
}
