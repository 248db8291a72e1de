// The student-facing domain's own errors. They carry a message written for the student; the routers'
// middleware (routers/learn-procedures.ts) turns them into TRPCErrors, nothing below it knows tRPC.

export class LearnError extends Error {
  override name = "LearnError";
}

/** A course, lesson, section, cell, exercise or submission that does not exist for this student. */
export class LearnNotFoundError extends LearnError {
  override name = "LearnNotFoundError";
}

/** Input the student should fix: code too large or empty, a hint asked out of order. */
export class LearnBadInputError extends LearnError {
  override name = "LearnBadInputError";
}

/** Too many submissions in a short time; `retryAfterSeconds` says when the next one is allowed. */
export class LearnRateLimitError extends LearnError {
  override name = "LearnRateLimitError";
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The server was started without a grading queue, so nothing would ever grade a submission. */
export class GradingUnavailableError extends LearnError {
  override name = "GradingUnavailableError";
}
