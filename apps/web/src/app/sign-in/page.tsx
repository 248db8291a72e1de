import { AuthForm } from "@/components/auth-form";

export const metadata = { title: "Sign in · nanoschool" };

export default function SignInPage() {
  return (
    <>
      <h1>Sign in</h1>
      <AuthForm mode="sign-in" />
    </>
  );
}
