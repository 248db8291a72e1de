"use client";

import type { PlotSpec } from "@nanoschool/sandbox/types";
import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const COLORS = ["#c2410c", "#2563eb", "#15803d", "#7c3aed", "#b45309", "#0f766e"];

/** A line chart (loss curves) or a bar chart (distributions), drawn with uPlot. */
export function PlotView({ spec }: { spec: PlotSpec }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: uPlot | undefined;
    let cancelled = false;
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled || !host.current) return;
      const length = Math.max(0, ...spec.series.map((s) => s.values.length));
      const x = spec.x ?? Array.from({ length }, (_, i) => i);
      const bars = spec.kind === "bar" ? UPlot.paths.bars?.({ size: [0.7, 60] }) : undefined;
      chart = new UPlot(
        {
          width: host.current.clientWidth || 560,
          height: 260,
          title: spec.title,
          scales: { x: { time: false } },
          axes: [{ label: spec.xLabel }, { label: spec.yLabel }],
          legend: { show: spec.series.length > 1 },
          series: [
            {},
            ...spec.series.map((s, i) => ({
              label: s.name,
              stroke: COLORS[i % COLORS.length],
              width: 2,
              fill: spec.kind === "bar" ? `${COLORS[i % COLORS.length]}99` : undefined,
              paths: bars,
              points: { show: false },
            })),
          ],
        },
        [x, ...spec.series.map((s) => s.values)] as uPlot.AlignedData,
        host.current,
      );
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [spec]);
  return <div ref={host} className="ns-plot" role="img" aria-label={spec.title ?? `${spec.kind} chart`} />;
}
