import type { Metadata } from "next";
import { UsersAdmin } from "../../../components/admin/users-admin";
import { NoAccess } from "../../../components/auth/no-access";
import { requireOperator } from "../../../server/caller";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const { principal } = await requireOperator("/admin/users");
  if (principal.type !== "user" || principal.role !== "admin") {
    return <NoAccess what="Managing users" role={principal.type === "user" ? principal.role : principal.scope} />;
  }
  return <UsersAdmin />;
}
