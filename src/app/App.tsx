import { EXAMPLE_RECIPE } from "./example-recipe.ts";

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Merge Studio</h1>
        <p>Merge language models in this tab, on your own GPU.</p>
      </header>
      <main>
        <section aria-label="Recipe">
          <h2>Recipe</h2>
          <pre data-testid="recipe-yaml">{EXAMPLE_RECIPE}</pre>
        </section>
      </main>
    </div>
  );
}
