import type { AppRouter } from "@nanoschool/api/root";
import type { inferRouterOutputs } from "@trpc/server";

/** What the routers return, inferred from them, so the components never keep copies of their shapes. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type CatalogChapter = RouterOutputs["catalog"]["list"][number]["chapters"][number];
export type NextStep = NonNullable<NonNullable<RouterOutputs["catalog"]["list"][number]["progress"]>["next"]>;
