/**
 * Hugging Face token entry. Kept in memory; written to IndexedDB only when the user ticks
 * "remember on this device". Never shown back, never put in a URL.
 */
import { useEffect, useState } from "react";
import { useStudio } from "../../state/store.ts";

export function TokenField({ prompt }: { prompt?: string }) {
  const token = useStudio((s) => s.token);
  const remembered = useStudio((s) => s.rememberToken);
  const setToken = useStudio((s) => s.setToken);
  const notify = useStudio((s) => s.notify);
  const [draft, setDraft] = useState("");
  const [remember, setRemember] = useState(remembered);
  useEffect(() => setRemember(remembered), [remembered]);

  return (
    <form className="token-field" data-testid="token-field" onSubmit={(e) => {
      e.preventDefault();
      setToken(draft, remember).then(() => { setDraft(""); notify("info", remember ? "Token saved on this device." : "Token set for this tab."); },
        (err: Error) => notify("error", `Could not store the token: ${err.message}`));
    }}>
      {prompt && <p className="token-prompt" role="alert">{prompt}</p>}
      <label>Hugging Face token
        <input type="password" autoComplete="off" value={draft} placeholder={token ? "•••••• (set)" : "hf_…"} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <label className="inline"><input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> remember on this device</label>
      <div className="row">
        <button type="submit" disabled={!draft.trim()}>Use token</button>
        {token && <button type="button" onClick={() => {
          setToken(null, false).then(() => notify("info", "Token forgotten on this device."),
            (err: Error) => notify("error", `Could not forget the stored token: ${err.message}`));
        }}>Forget token</button>}
      </div>
    </form>
  );
}
