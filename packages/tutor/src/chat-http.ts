import { chatRequestSchema, describeChatRequestError, toTutorRequest } from "./chat-request.ts";
import {
  TutorForbiddenError,
  TutorInputError,
  TutorModelError,
  TutorNotFoundError,
  TutorRateLimitError,
} from "./errors.ts";
import { prepareTurn, runTurn, type TutorDeps, type TutorEvent } from "./tutor.ts";

// POST /api/tutor/chat in Web-standard Request/Response terms, so the Next.js route only mounts it and
// the whole protocol is tested here without a server: JSON in; Server-Sent Events or one JSON out.

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

function errorResponse(error: unknown): Response {
  if (error instanceof TutorInputError) return json(400, { error: error.message });
  if (error instanceof TutorNotFoundError) return json(404, { error: error.message });
  if (error instanceof TutorForbiddenError) return json(403, { error: error.message });
  if (error instanceof TutorRateLimitError) {
    return json(429, { error: error.message }, { "retry-after": String(error.retryAfterSeconds) });
  }
  if (error instanceof TutorModelError) return json(502, { error: error.message });
  console.error("tutor chat:", error);
  return json(500, {
    error: "The tutor failed unexpectedly. Try again; if it keeps happening, tell the course team.",
  });
}

const sse = (event: TutorEvent | { type: "error"; message: string }) => `data: ${JSON.stringify(event)}\n\n`;

export async function respondToChat(
  deps: TutorDeps,
  user: { id: string } | null,
  request: Request,
): Promise<Response> {
  if (!user) {
    return json(401, {
      error: "Sign in first, or send a personal API token (account page) as `Authorization: Bearer <token>`.",
    });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json(400, {
      error: 'The request body must be JSON, e.g. {"courseId": "llm101n", "messages": [...]}.',
    });
  }
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) return json(400, { error: describeChatRequestError(parsed.error) });

  let turn: Awaited<ReturnType<typeof prepareTurn>>;
  try {
    turn = await prepareTurn(deps, toTutorRequest(user.id, parsed.data));
  } catch (error) {
    return errorResponse(error);
  }

  if (parsed.data.stream === false) {
    let answer = "";
    let citations: unknown[] = [];
    try {
      for await (const event of runTurn(deps, turn)) {
        if (event.type === "delta") answer += event.text;
        else if (event.type === "citations") citations = event.items;
        else if (event.type === "error") throw new TutorModelError(event.message);
        else return json(200, { answer, citations, mode: event.mode, conversationId: event.conversationId });
      }
    } catch (error) {
      return errorResponse(error);
    }
    return errorResponse(new Error("the tutor's answer ended without a done event"));
  }

  const events = runTurn(deps, turn);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await events.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(sse(next.value)));
      } catch (error) {
        console.error("tutor chat stream:", error);
        controller.enqueue(encoder.encode(sse({ type: "error", message: "The tutor failed unexpectedly." })));
        controller.close();
      }
    },
    async cancel() {
      await events.return(undefined); // the client went away: stop the model call
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
