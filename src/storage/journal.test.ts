import { describe, expect, test } from "vitest";
import { parseJournal } from "./journal.ts";

describe("parseJournal", () => {
  test("replays tensors, shards and done, skipping a torn last line", () => {
    const text = [
      JSON.stringify({ t: "tensor", name: "a", shard: "model.safetensors", sha256: "11" }),
      JSON.stringify({ t: "shard", file: "model.safetensors", sha256: "22", size: 99 }),
      JSON.stringify({ t: "file", file: "config.json", size: 3 }),
      JSON.stringify({ t: "done" }),
      '{"t":"tensor","name":"b","sh',
    ].join("\n");
    const s = parseJournal(text);
    expect([...s.tensors.keys()]).toEqual(["a"]);
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
