import { demoLogin } from "@runboard/api/pages";
import { safeNextPath } from "@runboard/contract";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "../../components/auth/sign-in-form";
import { currentRequest } from "../../server/caller";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  // Only same-site paths: `next` must never send the operator to another site after signing in.
  const next = safeNextPath((await searchParams).next);
  const { principal } = await currentRequest();
  if (principal) redirect(next);
  const demo = demoLogin();
  return (
    <section className="card sign-in">
      <h1>Sign in to Runboard</h1>
      {demo ? (
        <p className="banner banner-info" data-testid="demo-login">
          Demo mode: sign in as <code>{demo.email}</code> with the password <code>{demo.password}</code>.
        </p>
      ) : null}
      <SignInForm next={next} />
    </section>
  );
}
