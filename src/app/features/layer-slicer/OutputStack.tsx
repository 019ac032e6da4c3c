/** The output model's stack: drop layer ranges here; reorder by drag or buttons; live figures. */
import { useState } from "react";
import type { LayerSelection } from "./LayerSlicer.tsx";
import type { OutputSlice } from "./layer-math.ts";

const RANGE_MIME = "application/x-merge-studio-layers";
const SLICE_MIME = "application/x-merge-studio-slice";

interface Props {
  slices: OutputSlice[];
  figures: { layers: number; params: number | null; bytes: number | null };
  onDropRange(sel: LayerSelection, at?: number): void;
  onMove(from: number, to: number): void;
  onSplit(i: number): void;
  onDuplicate(i: number): void;
  onRemove(i: number): void;
}

const fmtCount = (n: number | null) => (n === null ? "?" : n >= 1e9 ? `${(n / 1e9).toFixed(2)}B` : n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n.toLocaleString("en"));
const fmtBytes = (n: number | null) => (n === null ? "?" : n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : `${(n / 2 ** 20).toFixed(2)} MiB`);

function readRange(e: React.DragEvent): LayerSelection | null {
  const raw = e.dataTransfer.getData(RANGE_MIME);
  if (!raw) return null;
  const v = JSON.parse(raw) as LayerSelection;
  return typeof v.model === "string" && Number.isInteger(v.start) && Number.isInteger(v.end) ? v : null;
}

export function OutputStack({ slices, figures, onDropRange, onMove, onSplit, onDuplicate, onRemove }: Props) {
  const [over, setOver] = useState(false);
  const drop = (e: React.DragEvent, at?: number) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    const range = readRange(e);
    if (range) return onDropRange(range, at);
    const from = e.dataTransfer.getData(SLICE_MIME);
    if (from !== "" && at !== undefined) onMove(Number(from), at);
  };
  let layer = 0;
  return (
    <div className={`output-stack${over ? " over" : ""}`} data-testid="output-stack" aria-label="Output layers"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={(e) => drop(e)}>
      <div className="stack-title">Output</div>
      <p className="output-figures" data-testid="output-figures">
        <strong data-testid="output-layer-count">{figures.layers}</strong> layers · {fmtCount(figures.params)} params · {fmtBytes(figures.bytes)}
      </p>
      {slices.length === 0 && <p className="hint drop-hint">Drop layer ranges here.</p>}
      <ol className="output-slices">
        {slices.map((s, i) => {
          const first = layer;
          layer += s.end - s.start;
          return (
            <li key={i} className="output-slice" draggable data-testid={`output-slice-${i}`}
              onDragStart={(e) => { e.dataTransfer.setData(SLICE_MIME, String(i)); e.dataTransfer.effectAllowed = "move"; }}
              onDragOver={(e) => e.preventDefault()} onDrop={(e) => drop(e, i)}>
              <span className="slice-label">
                <span className="slice-out">{first}–{layer - 1}</span> {s.model} <code>[{s.start}, {s.end})</code>
              </span>
              <span className="slice-buttons">
                <button type="button" aria-label={`Move slice ${i + 1} up`} disabled={i === 0} onClick={() => onMove(i, i - 1)}>↑</button>
                <button type="button" aria-label={`Move slice ${i + 1} down`} disabled={i === slices.length - 1} onClick={() => onMove(i, i + 1)}>↓</button>
                <button type="button" aria-label={`Split slice ${i + 1}`} disabled={s.end - s.start < 2} onClick={() => onSplit(i)}>Split</button>
                <button type="button" aria-label={`Duplicate slice ${i + 1}`} onClick={() => onDuplicate(i)}>Dup</button>
                <button type="button" aria-label={`Remove slice ${i + 1}`} onClick={() => onRemove(i)}>×</button>
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
