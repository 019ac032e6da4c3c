import { describe, expect, test } from "vitest";
import { parseJournal } from "./journal.ts";

describe("parseJournal", () => {
  test("replays tensors, shards and done, skipping a torn last line", () => {
    const text = [
      JSON.stringify({ t: "tensor", name: "a", shard: "model.safetensors", end: 128, state: "c3RhdGU=" }),
      // An entry from before hash checkpoints: kept, but without a checkpoint (so it is redone).
      JSON.stringify({ t: "tensor", name: "old", shard: "model.safetensors", sha256: "11" }),
      JSON.stringify({ t: "shard", file: "model.safetensors", sha256: "22", size: 99 }),
      JSON.stringify({ t: "file", file: "config.json", size: 3 }),
      JSON.stringify({ t: "done" }),
      '{"t":"tensor","name":"b","sh',
    ].join("\n");
    const s = parseJournal(text);
    expect([...s.tensors.keys()]).toEqual(["a", "old"]);
    expect(s.tensors.get("a")).toEqual({ shard: "model.safetensors", end: 128, state: "c3RhdGU=" });
    expect(s.tensors.get("old")).toEqual({ shard: "model.safetensors" });
    expect(s.shards.get("model.safetensors")).toEqual({ sha256: "22", size: 99 });
    expect(s.files.has("config.json")).toBe(true);
    expect(s.done).toBe(true);
  });

  test("an empty journal means nothing is finished", () => {
    const s = parseJournal("");
    expect(s.tensors.size + s.shards.size + s.files.size).toBe(0);
    expect(s.done).toBe(false);
  });
});
