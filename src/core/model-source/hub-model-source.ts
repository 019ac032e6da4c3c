import type { HubClient } from "../hub/hub-client";
import { parseHubReference } from "../hub/model-reference";
import type { PlanFile } from "../plan/types";
import type { ModelSource } from "./types";

/**
 * Opens a Hub model: parses `org/name[@revision]`, resolves the revision to the commit sha
 * and pins every later read to that sha, so the merge is reproducible.
 */
export async function openHubModelSource(client: HubClient, reference: string): Promise<ModelSource> {
  const { repo, revision } = parseHubReference(reference);
  const sha = await client.resolveRevision(repo, revision);
  let files: Promise<PlanFile[]> | null = null;
  return {
    describe: () => ({ kind: "hub", reference, repo, requestedRevision: revision, commitSha: sha }),
    listFiles: () =>
      (files ??= client.listFiles(repo, sha).catch((err: unknown) => {
        files = null; // a failed listing is retried on the next call
        throw err;
      })),
    readFile: (path) => client.readFile(repo, sha, path),
    readRange: (path, start, end, opts) => client.readRange(repo, sha, path, start, end, opts),
  };
}
