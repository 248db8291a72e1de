import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { currentUser } from "@/server/current-user";
import "@nanoschool/ui/styles.css";
import "./globals.css";

export const metadata: Metadata = {
  title: "nanoschool",
  description: "Build a storytelling language model from scratch, in your browser.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser().catch(() => null);
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            nano<span>school</span>
          </Link>
          <nav className="nav" aria-label="Account">
            {user ? (
              <>
                <Link href="/dashboard">Progress</Link>
                <Link href="/account" className="who" data-testid="current-user">
                  {user.name}
                  <span className="role">{user.role}</span>
                </Link>
                <SignOutButton />
              </>
            ) : (
              <>
                <Link href="/sign-in">Sign in</Link>
                <Link href="/sign-up" className="button">
                  Sign up
                </Link>
              </>
            )}
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
