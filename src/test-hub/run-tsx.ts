import { spawn } from "node:child_process";

/** Run a TypeScript CLI as `npm run` does (via tsx); optionally stop it once stdout matches `untilLine`. */
export function runTsx(script: string, args: string[], untilLine?: RegExp): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (untilLine?.test(out)) child.kill("SIGTERM");
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => resolve({ code, out, err }));
  });
}
