import { defineConfig } from "drizzle-kit";

// Migrations are generated into the repo's top-level drizzle/ folder and never edited by hand.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "../../drizzle",
  casing: "snake_case",
});
