import type { Metadata } from "next";
import { ApiKeysAdmin } from "../../../components/admin/api-keys-admin";
import { NoAccess } from "../../../components/auth/no-access";
import { requireOperator } from "../../../server/caller";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function ApiKeysPage() {
  const { principal } = await requireOperator("/admin/api-keys");
  if (principal.type !== "user" || principal.role !== "admin") {
    return <NoAccess what="Managing API keys" role={principal.type === "user" ? principal.role : principal.scope} />;
  }
  return <ApiKeysAdmin />;
}
