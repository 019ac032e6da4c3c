/**
 * A per-layer curve: mergekit's gradient list (evenly spaced knots, piecewise linear). Drag a
 * point vertically, or focus it and use the arrow keys; buttons add and remove knots.
 */
import { useRef, useState } from "react";

interface Props {
  label: string;
  values: number[];
  min: number;
  max: number;
  onChange(values: number[]): void;
}

const W = 260;
const H = 90;
const PAD = 10;
const STEP = 0.05;

const round = (v: number) => Math.round(v * 1000) / 1000;

export function GradientEditor({ label, values, min, max, onChange }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const x = (i: number) => PAD + (values.length === 1 ? 0.5 : i / (values.length - 1)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - ((v - min) / (max - min || 1)) * (H - 2 * PAD);
  const clamp = (v: number) => round(Math.min(max, Math.max(min, v)));
  const setAt = (i: number, v: number) => onChange(values.map((old, j) => (j === i ? clamp(v) : old)));

  const onMove = (e: React.PointerEvent) => {
    if (dragging === null || !svg.current) return;
    const box = svg.current.getBoundingClientRect();
    const frac = 1 - (e.clientY - box.top - PAD * (box.height / H)) / (box.height - 2 * PAD * (box.height / H));
    setAt(dragging, min + frac * (max - min));
  };

  return (
    <div className="gradient-editor" data-testid={`gradient-${label}`}>
      <svg ref={svg} viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="group" aria-label={`${label} per-layer curve`}
        onPointerMove={onMove} onPointerUp={() => setDragging(null)} onPointerCancel={() => setDragging(null)}>
        <rect x={PAD} y={PAD} width={W - 2 * PAD} height={H - 2 * PAD} className="gradient-frame" />
        <polyline points={values.map((v, i) => `${x(i)},${y(v)}`).join(" ")} className="gradient-line" />
        {values.map((v, i) => (
          <circle key={i} cx={x(i)} cy={y(v)} r={6} tabIndex={0} className="gradient-knot" role="slider"
            aria-label={`${label} knot ${i + 1}`} aria-valuemin={min} aria-valuemax={max} aria-valuenow={v}
            onPointerDown={(e) => { (e.target as Element).setPointerCapture?.(e.pointerId); setDragging(i); }}
            onKeyDown={(e) => {
              if (e.key === "ArrowUp") { e.preventDefault(); setAt(i, v + STEP); }
              if (e.key === "ArrowDown") { e.preventDefault(); setAt(i, v - STEP); }
            }} />
        ))}
      </svg>
      <div className="gradient-values">
        {values.map((v, i) => (
          <input key={i} type="number" step={STEP} value={v} aria-label={`${label} value ${i + 1}`}
            onChange={(e) => e.target.value !== "" && setAt(i, Number(e.target.value))} />
        ))}
        <button type="button" onClick={() => onChange([...values, values[values.length - 1] ?? 0])} aria-label={`Add a ${label} knot`}>+</button>
        <button type="button" disabled={values.length <= 2} onClick={() => onChange(values.slice(0, -1))} aria-label={`Remove a ${label} knot`}>−</button>
      </div>
    </div>
  );
}
