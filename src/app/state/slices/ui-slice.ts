/** UI preferences and transient view state (theme, Hub base URL, which panel is open). */
import type { StateCreator } from "zustand";
import type { StudioState } from "../store.ts";

export type Theme = "light" | "dark";

const HUB_KEY = "merge-studio.hub-url";
const THEME_KEY = "merge-studio.theme";
/** The real Hub; tests and self-hosted mirrors override it with `?hub=` or the settings field. */
export const DEFAULT_HUB_URL = "https://huggingface.co";

function initialHubUrl(): string {
  if (typeof window === "undefined") return DEFAULT_HUB_URL;
  const fromQuery = new URLSearchParams(window.location.search).get("hub");
  if (fromQuery) return fromQuery.replace(/\/+$/, "");
  return window.localStorage.getItem(HUB_KEY) ?? DEFAULT_HUB_URL;
}

function initialTheme(): Theme {
  if (typeof window === "undefined") return "light";
  const saved = window.localStorage.getItem(THEME_KEY);
  if (saved === "light" || saved === "dark") return saved;
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export interface UiSlice {
  theme: Theme;
  hubUrl: string;
  /** A short message for the status line (copied URL, errors of one-off actions). */
  notice: { kind: "info" | "error"; text: string } | null;
  setTheme(theme: Theme): void;
  /** Set the Hub base URL; persisted in localStorage. Throws on a URL that is not http(s). */
  setHubUrl(url: string): void;
  notify(kind: "info" | "error", text: string): void;
}

export const createUiSlice: StateCreator<StudioState, [], [], UiSlice> = (set) => ({
  theme: initialTheme(),
  hubUrl: initialHubUrl(),
  notice: null,
  setTheme: (theme) => {
    window.localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  setHubUrl: (url) => {
    const trimmed = url.trim().replace(/\/+$/, "");
    if (!/^https?:\/\/[^\s/]+/.test(trimmed)) {
      throw new Error(`Hub URL "${url}" is not an http(s) URL; use e.g. ${DEFAULT_HUB_URL}.`);
    }
    window.localStorage.setItem(HUB_KEY, trimmed);
    set({ hubUrl: trimmed });
  },
  notify: (kind, text) => set({ notice: { kind, text } }),
});
