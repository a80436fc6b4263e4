import type { Principal } from "@runboard/contract";
import { describe, expect, it } from "vitest";
import { createCaller, createTRPCContext } from "../src/index.ts";
import { testAccounts } from "./auth-fixtures.ts";
import { runServiceFor, useTestRouter } from "./setup.ts";

const ctx = useTestRouter();

async function operator(role: "viewer" | "editor" | "admin", email: string) {
  const user = await testAccounts(ctx.prisma).user(role, email);
  const principal: Principal = { type: "user", id: user.id, label: email, email, role };
  return createCaller(createTRPCContext({ runService: runServiceFor(ctx.prisma), principal }));
}

describe("saved views", () => {
  it("keeps an operator's private views to them and shows shared ones to everyone", async () => {
    const ana = await operator("viewer", "ana@views.test");
    const ben = await operator("editor", "ben@views.test");
    const mine = await ana.view.create({ name: "My failures", query: "?status=failed&meta=env%3Dprod" });
    expect(mine).toMatchObject({
      name: "My failures",
      query: "status=failed&meta=env%3Dprod",
      shared: false,
      mine: true,
    });
    await ben.view.create({ name: "Team queue", query: "status=queued&order=asc", shared: true });

    expect((await ana.view.list()).map((v) => [v.name, v.mine, v.owner_email])).toEqual([
      ["My failures", true, "ana@views.test"],
      ["Team queue", false, "ben@views.test"],
    ]);
    expect((await ben.view.list()).map((v) => v.name)).toEqual(["Team queue"]);
  });

  it("refuses a taken name, a parameter a view does not keep, and deleting another's view", async () => {
    const cleo = await operator("viewer", "cleo@views.test");
    const dan = await operator("viewer", "dan@views.test");
    const view = await cleo.view.create({ name: "Mine", query: "" });
    await expect(cleo.view.create({ name: "Mine", query: "status=failed" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You already have a view named 'Mine'; pick another name or delete that one.",
    });
    await expect(cleo.view.create({ name: "Paged", query: "status=failed&after=run_1" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
    await expect(cleo.view.create({ name: "  ", query: "" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(dan.view.delete({ id: view.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await cleo.view.delete({ id: view.id })).toEqual({ id: view.id, deleted: true });
    expect((await cleo.view.list()).filter((v) => v.mine)).toEqual([]);
  });

  it("lets an admin remove a shared view, not a private one", async () => {
    const eve = await operator("viewer", "eve@views.test");
    const admin = await operator("admin", "admin@views.test");
    const shared = await eve.view.create({ name: "Shared", query: "", shared: true });
    const secret = await eve.view.create({ name: "Secret", query: "" });
    await expect(admin.view.delete({ id: secret.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await admin.view.delete({ id: shared.id })).toEqual({ id: shared.id, deleted: true });
  });
});
