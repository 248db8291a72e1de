import type { UserRole } from "@nanoschool/db/schema";

/** The signed-in person as every procedure sees them. */
export type SessionUser = {
  id: string;
  name: string;
  email: string;
  role: UserRole;
};

const roles: readonly UserRole[] = ["student", "instructor", "admin"];

export function toSessionUser(user: {
  id: string;
  name: string;
  email: string;
  role?: unknown;
}): SessionUser {
  const role = roles.includes(user.role as UserRole) ? (user.role as UserRole) : "student";
  return { id: user.id, name: user.name, email: user.email, role };
}
