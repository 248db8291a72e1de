// The one barrel in the repo: drizzle-kit and the query builder need the whole schema in one object.
export * from "./auth.ts";
export * from "./chunks.ts";
export * from "./courses.ts";
export * from "./progress.ts";
export * from "./submissions.ts";
export * from "./tutor.ts";
