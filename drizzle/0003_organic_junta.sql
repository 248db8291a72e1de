-- hint_reveal gains its course: exercise keys are unique within a course only. Existing rows take the
-- course of the exercise they name (rows whose exercise no course has are dropped: nothing can show them).
ALTER TABLE "hint_reveal" ADD COLUMN "course_id" text;--> statement-breakpoint
UPDATE "hint_reveal" h SET "course_id" = (
  SELECT cv."course_id" FROM "exercise" e JOIN "course_version" cv ON cv."id" = e."course_version_id"
  WHERE e."key" = h."exercise_key" ORDER BY cv."number" DESC LIMIT 1
);--> statement-breakpoint
DELETE FROM "hint_reveal" WHERE "course_id" IS NULL;--> statement-breakpoint
ALTER TABLE "hint_reveal" ALTER COLUMN "course_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "hint_reveal" DROP CONSTRAINT "hint_reveal_user_id_exercise_key_hint_index_pk";--> statement-breakpoint
ALTER TABLE "hint_reveal" ADD CONSTRAINT "hint_reveal_user_id_course_id_exercise_key_hint_index_pk" PRIMARY KEY("user_id","course_id","exercise_key","hint_index");--> statement-breakpoint
ALTER TABLE "hint_reveal" ADD CONSTRAINT "hint_reveal_course_id_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."course"("id") ON DELETE cascade ON UPDATE no action;
