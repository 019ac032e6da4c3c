/** The studio layout: composition only; each area is its own feature behind an error boundary. */
import { useEffect } from "react";
import { ErrorBoundary } from "./components/ErrorBoundary.tsx";
import { Panel } from "./components/Panel.tsx";
import { LayerSlicer } from "./features/layer-slicer/LayerSlicer.tsx";
import { ModelPicker } from "./features/model-picker/ModelPicker.tsx";
import { ShareButton } from "./features/share/ShareButton.tsx";
import { useOpenShared } from "./features/share/use-open-shared.ts";
import { OutputsPanel } from "./features/outputs/OutputsPanel.tsx";
import { PreflightPanel } from "./features/preflight/PreflightPanel.tsx";
import { RunPanel } from "./features/run-panel/RunPanel.tsx";
import { MethodForm } from "./features/recipe-editor/MethodForm.tsx";
import { Toolbar } from "./features/recipe-editor/Toolbar.tsx";
import { YamlEditor } from "./features/yaml-editor/YamlEditor.tsx";
import { useStudio } from "./state/store.ts";

export function App() {
  const theme = useStudio((s) => s.theme);
  const notice = useStudio((s) => s.notice);
  useEffect(() => { document.documentElement.dataset.theme = theme; }, [theme]);
  useOpenShared();
  // A token the user chose to remember on this device (IndexedDB), never from the URL.
  useEffect(() => { void useStudio.getState().loadSavedToken().catch(() => undefined); }, []);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>Merge Studio</h1>
          <p>Merge language models in this tab, on your own GPU.</p>
        </div>
        <ErrorBoundary area="toolbar"><Toolbar><ShareButton /></Toolbar></ErrorBoundary>
      </header>
      {notice && (
        <div className={`notice ${notice.kind}`} role="status" data-testid="notice">
          {notice.text}
          <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => useStudio.setState({ notice: null })}>×</button>
        </div>
      )}
      <main className="studio">
        <div className="col col-models">
          <Panel title="Models"><ErrorBoundary area="model picker"><ModelPicker /></ErrorBoundary></Panel>
        </div>
        <div className="col col-edit">
          <Panel title="Recipe"><ErrorBoundary area="recipe form"><MethodForm /></ErrorBoundary></Panel>
          <Panel title="Layer slicer"><ErrorBoundary area="layer slicer"><LayerSlicer /></ErrorBoundary></Panel>
        </div>
        <div className="col col-yaml">
          <Panel title="YAML"><ErrorBoundary area="YAML editor"><YamlEditor /></ErrorBoundary></Panel>
        </div>
        <div className="col-bottom">
          <Panel title="Pre-flight"><ErrorBoundary area="pre-flight panel"><PreflightPanel /></ErrorBoundary></Panel>
          <Panel title="Merge"><ErrorBoundary area="run panel"><RunPanel /></ErrorBoundary></Panel>
          <Panel title="Outputs"><ErrorBoundary area="outputs panel"><OutputsPanel /></ErrorBoundary></Panel>
        </div>
      </main>
    </div>
  );
}
