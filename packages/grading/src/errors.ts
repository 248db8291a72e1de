// The grading package's own errors; packages/api turns them into TRPCErrors.

export class GradingError extends Error {
  override name = "GradingError";
}

/** The exercise asked for does not exist (or its secrets were never imported). */
export class ExerciseNotFoundError extends GradingError {
  override name = "ExerciseNotFoundError";
}

/** A submission the caller should fix: empty or oversized code. */
export class InvalidSubmissionError extends GradingError {
  override name = "InvalidSubmissionError";
}

/** An exercise folder on disk that does not follow the course-file contract. */
export class ExerciseFolderError extends GradingError {
  override name = "ExerciseFolderError";
}

/** The exercise itself is wrong (its reference fails a probe, a probe has no entry in exercise.yaml). */
export class ExerciseBrokenError extends GradingError {
  override name = "ExerciseBrokenError";
}
