import { describe, expect, it } from "vitest";
import {
  type CourseOutline,
  emptyStudentState,
  type StudentState,
  summarizeProgress,
} from "./course-progress.ts";

const outline: CourseOutline = {
  courseId: "c",
  chapters: [
    {
      slug: "01-a",
      title: "A",
      summary: "",
      position: 0,
      lessonKey: "01-a",
      sections: [
        { id: "intro", title: "Intro" },
        { id: "adding", title: "Adding" },
      ],
      exercises: [
        { key: "01-a/loose", title: "Loose", sectionId: null, points: 5 },
        { key: "01-a/add", title: "Add", sectionId: "adding", points: 10 },
        { key: "01-a/intro-ex", title: "Intro exercise", sectionId: "intro", points: 10 },
      ],
    },
    {
      slug: "02-b",
      title: "B",
      summary: "",
      position: 1,
      lessonKey: "02-b",
      sections: [{ id: "only", title: "Only" }],
      exercises: [],
    },
  ],
};

function state(read: Record<string, string[]>, exercises: Record<string, [boolean, number]>): StudentState {
  return {
    sectionsRead: new Map(Object.entries(read).map(([k, v]) => [k, new Set(v)])),
    exercises: new Map(
      Object.entries(exercises).map(([k, [passed, bestFraction]]) => [k, { passed, bestFraction }]),
    ),
  };
}

describe("summarizeProgress", () => {
  it("starts a new student at the first section, with everything at zero", () => {
    const p = summarizeProgress(outline, emptyStudentState());
    expect(p.next).toEqual({
      kind: "section",
      courseId: "c",
      lessonKey: "01-a",
      sectionId: "intro",
      title: "Intro",
    });
    expect(p.totals).toEqual({
      sectionsRead: 0,
      sectionsTotal: 3,
      exercisesPassed: 0,
      exercisesTotal: 3,
      score: 0,
      maxScore: 25,
      lessonsRead: 0,
      lessonsTotal: 2,
    });
  });

  it("suggests a section's exercise right after the section, and exercises without a section last", () => {
    expect(summarizeProgress(outline, state({ "01-a": ["intro"] }, {})).next).toMatchObject({
      kind: "exercise",
      exerciseKey: "01-a/intro-ex",
    });
    const allButLoose = state(
      { "01-a": ["intro", "adding"] },
      { "01-a/intro-ex": [true, 1], "01-a/add": [true, 1] },
    );
    expect(summarizeProgress(outline, allButLoose).next).toMatchObject({
      kind: "exercise",
      exerciseKey: "01-a/loose",
    });
  });

  it("moves to the next chapter, counts read lessons and scales best scores to points", () => {
    const p = summarizeProgress(
      outline,
      state(
        { "01-a": ["intro", "adding", "gone-in-this-version"] },
        { "01-a/intro-ex": [true, 1], "01-a/add": [false, 0.5], "01-a/loose": [true, 1] },
      ),
    );
    expect(p.chapters[0]).toEqual({
      slug: "01-a",
      lessonRead: true,
      progress: {
        sectionsRead: 2,
        sectionsTotal: 2,
        exercisesPassed: 2,
        exercisesTotal: 3,
        score: 20,
        maxScore: 25,
      },
    });
    // The unpassed exercise of chapter 1 comes before anything in chapter 2.
    expect(p.next).toMatchObject({ kind: "exercise", exerciseKey: "01-a/add" });
    expect(p.totals.lessonsRead).toBe(1);
  });

  it("has no next step when everything is read and passed", () => {
    const done = state(
      { "01-a": ["intro", "adding"], "02-b": ["only"] },
      { "01-a/intro-ex": [true, 1], "01-a/add": [true, 1], "01-a/loose": [true, 1] },
    );
    const p = summarizeProgress(outline, done);
    expect(p.next).toBeNull();
    expect(p.totals).toMatchObject({ lessonsRead: 2, score: 25, exercisesPassed: 3 });
  });
});
