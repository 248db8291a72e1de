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
