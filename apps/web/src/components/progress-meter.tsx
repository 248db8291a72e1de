/** A small labelled bar: how much of something is done. */
export function ProgressMeter({ done, total, label }: { done: number; total: number; label: string }) {
  const fraction = total === 0 ? 0 : done / total;
  return (
    <div className="meter" title={`${label}: ${done} of ${total}`}>
      <div className="meter-bar">
        <div className="meter-fill" style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
      <span className="meter-label">
        {label} {done}/{total}
      </span>
    </div>
  );
}

type ProgressCounts = {
  sectionsRead: number;
  sectionsTotal: number;
  exercisesPassed: number;
  exercisesTotal: number;
  score: number;
  maxScore: number;
  lessonsRead?: number;
  lessonsTotal?: number;
};

/** The meters of a chapter or a course: lessons (when counted), sections, exercises, then the score. */
export function ProgressMeters({
  counts,
  exercisesLabel,
}: {
  counts: ProgressCounts;
  exercisesLabel: string;
}) {
  return (
    <div className="meters">
      {counts.lessonsTotal !== undefined && (
        <ProgressMeter done={counts.lessonsRead ?? 0} total={counts.lessonsTotal} label="lessons read" />
      )}
      <ProgressMeter done={counts.sectionsRead} total={counts.sectionsTotal} label="sections" />
      <ProgressMeter done={counts.exercisesPassed} total={counts.exercisesTotal} label={exercisesLabel} />
      <span className="score">
        score {counts.score}/{counts.maxScore}
      </span>
    </div>
  );
}
