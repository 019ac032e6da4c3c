/**
 * Where the shared test data lives: the `shared/` folder beside the checkout (golden vectors,
 * the testbed model family). SHARED_DIR overrides it; paths never assume a machine layout.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The shared folder: $SHARED_DIR, else <repo>/../shared. */
export const SHARED_DIR = process.env.SHARED_DIR ?? resolve(REPO_ROOT, "../shared");
/** The tiny trained Llama family (base, task_a, task_b, task_c). */
export const TESTBED_DIR = process.env.TESTBED_DIR ?? resolve(SHARED_DIR, "testbed");
/** The golden vectors from mergekit. */
export const GOLDEN_DIR = process.env.GOLDEN_DIR ?? resolve(SHARED_DIR, "golden");
