import { checkHealth } from "@nanoschool/api/health";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const db = await getServices().then(
    (s) => s.handle.db,
    () => null,
  );
  const { httpStatus, body } = await checkHealth(db);
  return Response.json(body, { status: httpStatus, headers: { "cache-control": "no-store" } });
}
