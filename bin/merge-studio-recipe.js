#!/usr/bin/env node
// The `merge-studio-recipe` bin: registers tsx's ESM loader, then runs the TypeScript CLI
// (the same src/core code the app runs; no build step).
import { register } from "tsx/esm/api";

register();
await import(new URL("../src/cli/recipe.ts", import.meta.url).href);
