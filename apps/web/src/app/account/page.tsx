import { redirect } from "next/navigation";
import { ApiTokens } from "@/components/api-tokens";
import { currentUser } from "@/server/current-user";

export const metadata = { title: "Account · nanoschool" };

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return (
    <>
      <h1>Your account</h1>
      <div className="card">
        <table>
          <tbody>
            <tr>
              <th>Name</th>
              <td>{user.name}</td>
            </tr>
            <tr>
              <th>Email</th>
              <td>{user.email}</td>
            </tr>
            <tr>
              <th>Role</th>
              <td data-testid="account-role">{user.role}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>API tokens</h2>
      <p className="muted">
        Programs can call the tutor chat API with a personal token in <code>Authorization: Bearer …</code>.
      </p>
      <ApiTokens />
    </>
  );
}
