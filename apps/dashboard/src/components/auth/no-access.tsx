import Link from "next/link";

/** What an operator sees where their role does not reach. */
export function NoAccess({ what, role }: { what: string; role: string }) {
  return (
    <section className="card no-access" data-testid="no-access">
      <h1>You don&apos;t have access</h1>
      <p>
        {what} needs a role your account does not have (you are signed in as <strong>{role}</strong>). Ask an admin to
        change your role if you need it.
      </p>
      <p>
        <Link href="/">Back to all runs</Link>
      </p>
    </section>
  );
}
