// The tutor's own errors. Each message says what was wrong and how to fix it; packages/api and the
// HTTP route turn them into status codes.

export class TutorInputError extends Error {
  override name = "TutorInputError";
}

export class TutorNotFoundError extends Error {
  override name = "TutorNotFoundError";
}

export class TutorForbiddenError extends Error {
  override name = "TutorForbiddenError";
}

export class TutorRateLimitError extends Error {
  override name = "TutorRateLimitError";
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The language model failed or took too long; the message is safe to show to the student. */
export class TutorModelError extends Error {
  override name = "TutorModelError";
}
