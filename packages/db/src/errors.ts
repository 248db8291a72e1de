// Errors that reach a person, worded so they say what is wrong and how to fix it.

export class DatabaseUnreachableError extends Error {
  override name = "DatabaseUnreachableError";
}

export class DatabaseInUseError extends Error {
  override name = "DatabaseInUseError";
}

/** Strips the password from a connection URL before it goes into a message or a log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
