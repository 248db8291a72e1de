import { resolveRequestUser } from "@nanoschool/api/context";
import { respondToChat } from "@nanoschool/tutor/chat-http";
import { tutorDepsFor } from "@nanoschool/tutor/deps";
import { getServices } from "@/server/services";

// The tutor chat API: session cookie or `Authorization: Bearer <personal API token>`; the protocol
// (validation, limits, SSE or JSON) lives in @nanoschool/tutor/chat-http.
export async function POST(request: Request): Promise<Response> {
  const { handle, auth } = await getServices();
  const user = await resolveRequestUser(handle.db, auth, request.headers);
  return respondToChat(tutorDepsFor(handle.db), user, request);
}
