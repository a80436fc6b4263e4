import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { type Operator, SessionProvider } from "../components/auth/session";
import { SignOutButton } from "../components/auth/sign-out-button";
import { FindById } from "../components/find-by-id";
import { currentRequest } from "../server/caller";
import { TRPCProvider } from "../trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Runboard", template: "%s · Runboard" },
  description: "Assistants-API runs: browse, inspect, annotate.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { principal } = await currentRequest();
  const operator: Operator | null = principal?.type === "user" ? principal : null;
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            Runboard
          </Link>
          {operator ? (
            <nav aria-label="Main">
              <Link href="/">Runs</Link>
              {operator.role === "admin" ? (
                <>
                  <Link href="/admin/users">Users</Link>
                  <Link href="/admin/api-keys">API keys</Link>
                </>
              ) : null}
            </nav>
          ) : null}
          {operator ? <FindById /> : null}
          {operator ? (
            <div className="topbar-user" data-testid="signed-in-as">
              <span>{operator.email}</span> <span className="role-badge">{operator.role}</span> <SignOutButton />
            </div>
          ) : null}
        </header>
        <SessionProvider operator={operator}>
          <TRPCProvider>
            <main className="page">{children}</main>
          </TRPCProvider>
        </SessionProvider>
      </body>
    </html>
  );
}
