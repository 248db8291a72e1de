import { getServices } from "@/server/services";

// better-auth's endpoints: sign up, sign in, sign out, session.
async function handle(request: Request): Promise<Response> {
  const { auth } = await getServices();
  return auth.handler(request);
}

export { handle as GET, handle as POST };
