import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { TRPCProvider } from "../trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Runboard", template: "%s · Runboard" },
  description: "Assistants-API runs: browse, inspect, annotate.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            Runboard
          </Link>
          <nav aria-label="Main">
            <Link href="/">Runs</Link>
          </nav>
        </header>
        <TRPCProvider>
          <main className="page">{children}</main>
        </TRPCProvider>
      </body>
    </html>
  );
}
