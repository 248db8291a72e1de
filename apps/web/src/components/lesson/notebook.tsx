"use client";

import type { ExerciseSources } from "@nanoschool/sandbox/browser";
import type { CellResult } from "@nanoschool/sandbox/types";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { trpc } from "@/lib/trpc-client";
import { type LessonSandbox, loadLessonSandbox } from "./browser-sandbox";

type RunFn = () => Promise<CellResult | null>;

type Notebook = {
  courseId: string;
  lessonKey: string;
  signedIn: boolean;
  sandbox: () => Promise<LessonSandbox>;
  /** Cells register their run function under their reading order. */
  register(order: number, run: RunFn): void;
  /** Runs every cell above `order`, in order, stopping at the first that fails. */
  runAllAbove(order: number): Promise<void>;
  extraLibs: { path: string; content: string }[];
  /** An exercise panel reports every edit, so cells and other exercises use the code as it is now. */
  setExerciseCode(key: string, code: string): void;
  /** The page's exercises as they are now (saved code, else the starter, plus unsaved edits). */
  exerciseSources(): ExerciseSources;
};

/** An exercise of this lesson, for `useExercise(id)` in cells and `@exercise/...` imports. */
export type NotebookExercise = { key: string; title: string; code: string };

const NotebookContext = createContext<Notebook | null>(null);

export function useNotebook(): Notebook {
  const notebook = useContext(NotebookContext);
  if (!notebook) throw new Error("useNotebook outside <NotebookProvider>");
  return notebook;
}

/** Cells of one lesson share one sandbox and its state, in lesson order, like a notebook. */
export function NotebookProvider(props: {
  courseId: string;
  lessonKey: string;
  signedIn: boolean;
  exercises: NotebookExercise[];
  children: ReactNode;
}) {
  const runs = useRef(new Map<number, RunFn>());
  const exercises = useRef<ExerciseSources>(
    Object.fromEntries(props.exercises.map((e) => [e.key, { title: e.title, source: e.code }])),
  );
  // A string, so the effect below reruns only when the set of exercises changes.
  const exerciseIds = props.exercises.map((e) => e.key.split("/").pop() ?? e.key).join("\n");
  const [extraLibs, setExtraLibs] = useState<{ path: string; content: string }[]>([]);

  useEffect(() => {
    // Warm the worker while the student reads, and fetch the runtime's types for the editor.
    const idle = setTimeout(() => void loadLessonSandbox(props.courseId).catch(() => {}), 1500);
    void fetch("/runtime/tensor.d.ts")
      .then((r) => (r.ok ? r.text() : ""))
      .then((dts) => {
        if (dts) {
          setExtraLibs([
            { path: "file:///node_modules/@nanoschool/tensor/index.d.ts", content: dts },
            {
              path: "file:///cell-globals.d.ts",
              content: cellGlobals(exerciseIds ? exerciseIds.split("\n") : []),
            },
          ]);
        }
      })
      .catch(() => {});
    return () => clearTimeout(idle);
  }, [props.courseId, exerciseIds]);

  const setExerciseCode = useCallback((key: string, code: string) => {
    const current = exercises.current[key];
    if (current) exercises.current[key] = { ...current, source: code };
  }, []);
  const exerciseSources = useCallback(() => ({ ...exercises.current }), []);

  const register = useCallback((order: number, run: RunFn) => {
    runs.current.set(order, run);
  }, []);

  const runAllAbove = useCallback(async (order: number) => {
    const orders = [...runs.current.keys()].filter((o) => o < order).sort((a, b) => a - b);
    for (const o of orders) {
      const result = await runs.current.get(o)?.();
      if (result?.status !== "ok") return;
    }
  }, []);

  const value = useMemo<Notebook>(
    () => ({
      courseId: props.courseId,
      lessonKey: props.lessonKey,
      signedIn: props.signedIn,
      sandbox: () => loadLessonSandbox(props.courseId),
      register,
      runAllAbove,
      extraLibs,
      setExerciseCode,
      exerciseSources,
    }),
    [
      props.courseId,
      props.lessonKey,
      props.signedIn,
      register,
      runAllAbove,
      extraLibs,
      setExerciseCode,
      exerciseSources,
    ],
  );
  return <NotebookContext.Provider value={value}>{props.children}</NotebookContext.Provider>;
}

/** Saves a student's edit a moment after they stop typing, so it survives a reload or another device. */
export function useSavedCode(courseId: string, key: string, signedIn: boolean) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | "error">("idle");
  const save = useCallback(
    (code: string, original: string) => {
      if (!signedIn) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(async () => {
        setStatus("saving");
        try {
          if (code === original) await trpc.savedCode.clear.mutate({ courseId, key });
          else await trpc.savedCode.save.mutate({ courseId, key, code });
          setStatus("saved");
        } catch {
          setStatus("error");
        }
      }, 600);
    },
    [courseId, key, signedIn],
  );
  return { save, status };
}

// What a cell sees without importing anything (see packages/curriculum/FORMAT.md, "Cell runtime").
// `exerciseIds` are this lesson's exercises, so the editor completes and checks useExercise's id.
const cellGlobals = (exerciseIds: string[]) => `
import * as T from "@nanoschool/tensor";
declare global {
  const tensor: typeof T.tensor; const zeros: typeof T.zeros; const ones: typeof T.ones; const full: typeof T.full;
  const arange: typeof T.arange; const linspace: typeof T.linspace; const eye: typeof T.eye; const randn: typeof T.randn;
  const rand: typeof T.rand; const randint: typeof T.randint; const zerosLike: typeof T.zerosLike; const onesLike: typeof T.onesLike;
  const manualSeed: typeof T.manualSeed; const Generator: typeof T.Generator; const multinomial: typeof T.multinomial;
  const cat: typeof T.cat; const stack: typeof T.stack; const where: typeof T.where; const matmul: typeof T.matmul;
  const noGrad: typeof T.noGrad; const Tensor: typeof T.Tensor;
  const nn: typeof import("@nanoschool/tensor/nn"); const optim: typeof import("@nanoschool/tensor/optim");
  const Value: typeof import("@nanoschool/tensor/value").Value;
  function print(...values: unknown[]): void;
  function plot(spec: { title?: string; x?: number[]; series: { name: string; values: number[] }[]; kind?: "line" | "bar"; xLabel?: string; yLabel?: string }): void;
  function table(rows: Record<string, unknown>[] | unknown[][], options?: { title?: string }): void;
  function progress(fraction: number, label?: string): void;
  function loadData(name: string): Promise<string>;
  /**
   * Your own code of an exercise of this chapter, placed above the cell: its exports, e.g.
   * \`const { buildDataset } = await useExercise("build-dataset");\`. The cell runs on your code as
   * it is when the cell runs; if it throws, make the exercise's visible tests pass first.
   */
  function useExercise(id: ${exerciseIds.map((id) => JSON.stringify(id)).join(" | ") || "never"}): Promise<any>;
}
export {};
`;
