// Input fields shared by the student-facing routers. Keys are the stable ones of the course format.
import { z } from "zod";

const slug = (what: string, example: string) =>
  z
    .string()
    .trim()
    .min(1, `Give the ${what}`)
    .max(200, `That ${what} is too long`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/#]*$/, `A ${what} looks like "${example}"`);

export const courseId = slug("course id", "llm101n");
export const lessonKey = slug("lesson key", "01-bigram");
export const sectionId = slug("section id", "counting");
export const exerciseKey = slug("exercise key", "01-bigram/count-bigrams");
/** "cell:<cell key>" or "exercise:<exercise key>" */
export const codeKey = z
  .string()
  .min(1)
  .max(400)
  .regex(/^(cell|exercise):.+$/, 'A saved-code key is "cell:<cell key>" or "exercise:<exercise key>"');
/** Size is checked in the domain (MAX_CODE_BYTES, in bytes) so the message can say how large it was. */
export const code = z.string();
export const submissionId = z.guid("A submission id is a UUID");
