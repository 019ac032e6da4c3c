// `npm run hub -- [--root DIR] [--org ORG=DIR] [--repo org/name=DIR] [--port P] [--cdn-port P] [--token T] [--write-token T] [--upload-dir DIR] [--redirect all]`
// Serves model folders with the Hugging Face Hub protocol on 127.0.0.1, for manual tests and e2e.
// Uploads (createRepo + commit) need a --token; --write-token limits writing to those tokens, and
// created repos live in --upload-dir (default: a temp folder removed on exit).
import { existsSync } from "node:fs";
import { startTestHub, type TestHubOptions } from "./hub-server.ts";
import { TESTBED_DIR } from "../test-support/shared-dirs.ts";

const DEFAULT_TESTBED = TESTBED_DIR;

function fail(msg: string): never {
  console.error(`src/test-hub/cli.ts:1:1: error: ${msg}`);
  process.exit(1);
}

function parseArgs(argv: string[]): TestHubOptions {
  const o: TestHubOptions & { orgs: Record<string, string>; repos: Record<string, string>; tokens: string[] } = { orgs: {}, repos: {}, tokens: [] };
  const writers: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const val = argv[i + 1];
    if (val === undefined || val.startsWith("--")) fail(`${flag} needs a value (see the usage line at the top of src/test-hub/cli.ts)`);
    i++;
    const pair = () => {
      const eq = val.indexOf("=");
      if (eq < 1) fail(`${flag} expects NAME=DIR, got "${val}"`);
      const dir = val.slice(eq + 1);
      if (!existsSync(dir)) fail(`${flag} ${val}: folder ${dir} does not exist`);
      return [val.slice(0, eq), dir] as const;
    };
    const port = () => {
      const p = Number(val);
      if (!Number.isInteger(p) || p < 0 || p > 65535) fail(`${flag} expects a port number 0..65535, got "${val}"`);
      return p;
    };
    switch (flag) {
      case "--root":
        if (!existsSync(val)) fail(`--root ${val}: folder does not exist`);
        o.root = val;
        break;
      case "--org": { const [k, d] = pair(); o.orgs[k] = d; break; }
      case "--repo": { const [k, d] = pair(); o.repos[k] = d; break; }
      case "--port": o.port = port(); break;
      case "--cdn-port": o.cdnPort = port(); break;
      case "--token": o.tokens.push(val); break;
      case "--write-token": o.tokens.push(val); writers.push(val); break;
      case "--upload-dir":
        if (!existsSync(val)) fail(`--upload-dir ${val}: folder does not exist`);
        o.uploadDir = val;
        break;
      case "--redirect":
        if (val !== "all" && val !== "lfs") fail(`--redirect expects "lfs" or "all", got "${val}"`);
        o.redirect = val;
        break;
      default: fail(`unknown option ${flag}; use --root, --org, --repo, --port, --cdn-port, --token, --write-token, --upload-dir, --redirect`);
    }
  }
  if (writers.length) o.writeTokens = writers;
  if (!o.root && Object.keys(o.orgs).length === 0 && Object.keys(o.repos).length === 0) {
    if (!existsSync(DEFAULT_TESTBED)) fail(`no repos given and the default ${DEFAULT_TESTBED} does not exist; pass --root DIR, --org ORG=DIR or --repo org/name=DIR`);
    o.orgs.testbed = DEFAULT_TESTBED;
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
try {
  const hub = await startTestHub(opts);
  for (const id of hub.repoIds()) console.log(`  ${id}  @ ${hub.commitSha(id).slice(0, 12)}`);
  console.log(`Hub API ${hub.url}  (files redirect to ${hub.cdnUrl}); ${hub.repoIds().length} repos. Ctrl-C to stop.`);
  const stop = () => void hub.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (e) {
  fail((e as Error).message);
}
