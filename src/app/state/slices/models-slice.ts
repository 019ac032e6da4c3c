/**
 * Model sources the recipe refers to: the Hub token (memory only unless the user opts in to
 * storing it in IndexedDB) and local folders opened with the directory picker.
 * The token never goes into the recipe, the URL, logs or non-Hub requests.
 */
import type { StateCreator } from "zustand";
import type { StudioState } from "../store.ts";
import { del, get as idbGet, set as idbSet } from "idb-keyval";

const TOKEN_KEY = "merge-studio.hf-token";

/** A folder the user opened: its files by relative path (File objects stay in memory only). */
export interface LocalFolder {
  name: string;
  files: File[];
}

export interface ModelsSlice {
  token: string | null;
  rememberToken: boolean;
  localFolders: Record<string, LocalFolder>;
  /** Models picked for the layer slicer that the recipe does not name yet. */
  pickedModels: string[];
  pickModel(ref: string): void;
  /** Set (or clear with null) the token; stored in IndexedDB only when `remember` is true. */
  setToken(token: string | null, remember: boolean): Promise<void>;
  /** Load a token the user chose to remember earlier. */
  loadSavedToken(): Promise<void>;
  addLocalFolder(folder: LocalFolder): void;
}

export const createModelsSlice: StateCreator<StudioState, [], [], ModelsSlice> = (set) => ({
  token: null,
  rememberToken: false,
  localFolders: {},
  pickedModels: [],
  pickModel: (ref) => set((s) => ({ pickedModels: s.pickedModels.includes(ref) ? s.pickedModels : [...s.pickedModels, ref] })),
  setToken: async (token, remember) => {
    const clean = token?.trim() || null;
    set({ token: clean, rememberToken: remember && clean !== null });
    if (remember && clean) await idbSet(TOKEN_KEY, clean);
    else await del(TOKEN_KEY);
  },
  loadSavedToken: async () => {
    const saved = await idbGet<string>(TOKEN_KEY);
    if (typeof saved === "string" && saved) set({ token: saved, rememberToken: true });
  },
  addLocalFolder: (folder) => set((s) => ({ localFolders: { ...s.localFolders, [folder.name]: folder } })),
});
