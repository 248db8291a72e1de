import { AuthForm } from "@/components/auth-form";

export const metadata = { title: "Sign up · nanoschool" };

export default function SignUpPage() {
  return (
    <>
      <h1>Create your account</h1>
      <AuthForm mode="sign-up" />
    </>
  );
}
