/** One input model drawn as its stack of layers; click / shift+click selects, drag carries the range. */
import type { LayerSelection } from "./LayerSlicer.tsx";

const RANGE_MIME = "application/x-merge-studio-layers";

interface Props {
  model: string;
  layers: number | undefined;
  loading: boolean;
  error?: string;
  selection: LayerSelection | null;
  onSelect(sel: LayerSelection | null): void;
}

export function SourceStack({ model, layers, loading, error, selection, onSelect }: Props) {
  const mine = selection?.model === model ? selection : null;
  const pick = (i: number, extend: boolean) => {
    if (extend && mine) onSelect({ model, start: Math.min(mine.start, i), end: Math.max(mine.end, i + 1) });
    else onSelect({ model, start: i, end: i + 1 });
  };
  return (
    <div className="source-stack" data-testid={`source-${model}`}>
      <div className="stack-title" title={model}>{model}</div>
      {loading && <p className="hint">Reading config…</p>}
      {error && <p className="error-text">{error}</p>}
      {layers !== undefined && (
        <ol className="layer-cells" aria-label={`${model} layers`}>
          {Array.from({ length: layers }, (_, i) => {
            const selected = !!mine && i >= mine.start && i < mine.end;
            return (
              <li key={i}>
                <button type="button" className={`layer-cell${selected ? " selected" : ""}`} aria-pressed={selected}
                  aria-label={`${model} layer ${i}`} draggable data-testid={`layer-${model}-${i}`}
                  onClick={(e) => pick(i, e.shiftKey)}
                  onKeyDown={(e) => {
                    // Up/Down walk the stack (drawn top = last layer); Shift extends the selection.
                    const j = i + (e.key === "ArrowUp" ? 1 : e.key === "ArrowDown" ? -1 : 0);
                    if (j === i || j < 0 || j >= layers) return;
                    e.preventDefault();
                    if (e.shiftKey) pick(j, true);
                    (e.currentTarget.closest("ol")?.querySelector(`[data-layer="${j}"]`) as HTMLElement | null)?.focus();
                  }}
                  data-layer={i}
                  onDragStart={(e) => {
                    const range = selected && mine ? mine : { model, start: i, end: i + 1 };
                    if (!selected) onSelect(range);
                    e.dataTransfer.setData(RANGE_MIME, JSON.stringify(range));
                    e.dataTransfer.setData("text/plain", `${model} [${range.start}, ${range.end})`);
                    e.dataTransfer.effectAllowed = "copy";
                  }}>
                  {i}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
