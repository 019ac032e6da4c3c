/** A model's basics (architecture, parameters, dtype, license, gated) and the add buttons. */
import { needsToken } from "../../queries/hub-reads.ts";
import { useModelConfig, useModelInfo } from "../../queries/use-hub.ts";
import { useStudio } from "../../state/store.ts";
import { addModelToRecipe, setBaseModel } from "./add-model.ts";
import { TokenField } from "./TokenField.tsx";

const fmtParams = (n?: number) => (n === undefined ? "?" : n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : `${n}`);

export function ModelCard({ modelRef }: { modelRef: string }) {
  const isLocal = useStudio((s) => modelRef in s.localFolders);
  const info = useModelInfo(isLocal ? null : modelRef);
  // Reading config.json goes through /resolve, where a gated repo answers 401 without a token.
  const config = useModelConfig(modelRef);
  const token = useStudio((s) => s.token);
  const notify = useStudio((s) => s.notify);
  const run = (f: (r: string) => void) => { try { f(modelRef); } catch (e) { notify("error", (e as Error).message); } };
  const err = info.error ?? config.error;
  // GATED (no token), FORBIDDEN (token without access), UNAUTHORIZED (token rejected): a token fixes it.
  const gatedErr = needsToken(err);
  const gated = gatedErr || (!!info.data?.gated && !token);
  const prompt = gatedErr ? err.message : `${modelRef} is gated: add a Hugging Face token that has access to it.`;
  return (
    <div className="model-card" data-testid="model-card">
      <div className="model-card-title">{modelRef}</div>
      {info.isLoading && <p className="hint">Reading model info…</p>}
      {info.data && (
        <dl className="model-basics">
          <dt>Architecture</dt><dd>{info.data.architecture ?? "?"}</dd>
          <dt>Parameters</dt><dd>{fmtParams(info.data.parameters)}</dd>
          <dt>dtype</dt><dd>{info.data.dtype ?? "?"}</dd>
          <dt>License</dt><dd>{info.data.license ?? "?"}</dd>
          <dt>Gated</dt><dd>{info.data.gated ? String(info.data.gated) : "no"}</dd>
          {info.data.sha && <><dt>Commit</dt><dd><code>{info.data.sha.slice(0, 10)}</code></dd></>}
        </dl>
      )}
      {err && !gated && <p className="error-text" role="alert">{err.message}</p>}
      {gated && <TokenField prompt={prompt} />}
      {isLocal && config.data && <p className="hint">Local folder · {String(config.data.model_type ?? "?")} · {String(config.data.num_hidden_layers ?? "?")} layers</p>}
      <div className="row">
        <button type="button" className="primary" onClick={() => run(addModelToRecipe)}>Add to models</button>
        <button type="button" onClick={() => run(setBaseModel)}>Set as base</button>
      </div>
    </div>
  );
}
