import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultInjector, FaultRule } from "./fault-injector.ts";
import type { HubStats } from "./hub-stats.ts";
import { API_CORS, readBody, sendJson } from "./http-util.ts";

/**
 * POST/DELETE/GET /__test/faults and GET/DELETE /__test/stats: the same controls as the
 * in-process `hub.faults` / `hub.stats`, for tests that run the hub as a separate process.
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  what: string | undefined,
  faults: FaultInjector,
  stats: HubStats,
): Promise<void> {
  try {
    if (what === "faults" && req.method === "POST") faults.set(JSON.parse(await readBody(req)) as FaultRule[]);
    else if (what === "faults" && req.method === "DELETE") {
      faults.clear();
      faults.resetCounts();
    } else if (what === "stats" && req.method === "DELETE") stats.reset();
    else if (what !== "faults" && what !== "stats") throw new Error(`unknown control endpoint /__test/${what ?? ""}; use /__test/faults or /__test/stats`);
    sendJson(res, 200, what === "faults" ? { fired: faults.fired, pending: faults.pending } : stats.toJSON(), API_CORS);
  } catch (err) {
    sendJson(res, 400, { error: (err as Error).message }, API_CORS);
  }
}
