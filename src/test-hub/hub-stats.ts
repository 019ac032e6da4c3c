/** Counters for one repo. */
export interface RepoCounters {
  requests: number;
  /** Body bytes of file content sent (resolve + CDN), per file path too. */
  bytesServed: number;
  files: Map<string, { requests: number; bytesServed: number }>;
}

/** Request and byte counters of a test Hub, so tests can assert "fetched < 1 MB per model". */
export class HubStats {
  readonly repos = new Map<string, RepoCounters>();
  /** Requests by route: "model-info", "tree", "search", "resolve", "cdn", "options", "other". */
  readonly routes = new Map<string, number>();

  private repo(id: string): RepoCounters {
    let r = this.repos.get(id);
    if (!r) this.repos.set(id, (r = { requests: 0, bytesServed: 0, files: new Map() }));
    return r;
  }

  countRoute(route: string): void {
    this.routes.set(route, (this.routes.get(route) ?? 0) + 1);
  }

  countRequest(repoId: string, path?: string): void {
    const r = this.repo(repoId);
    r.requests++;
    if (path !== undefined) {
      const f = r.files.get(path) ?? { requests: 0, bytesServed: 0 };
      f.requests++;
      r.files.set(path, f);
    }
  }

  countBytes(repoId: string, path: string, n: number): void {
    const r = this.repo(repoId);
    r.bytesServed += n;
    const f = r.files.get(path) ?? { requests: 0, bytesServed: 0 };
    f.bytesServed += n;
    r.files.set(path, f);
  }

  /** File bytes sent for a repo (0 if never touched). */
  bytesFor(repoId: string): number {
    return this.repos.get(repoId)?.bytesServed ?? 0;
  }

  get totalBytes(): number {
    let n = 0;
    for (const r of this.repos.values()) n += r.bytesServed;
    return n;
  }

  reset(): void {
    this.repos.clear();
    this.routes.clear();
  }

  /** Plain-JSON view, for the control endpoint. */
  toJSON(): unknown {
    return {
      totalBytes: this.totalBytes,
      routes: Object.fromEntries(this.routes),
      repos: Object.fromEntries(
        [...this.repos].map(([id, r]) => [id, { requests: r.requests, bytesServed: r.bytesServed, files: Object.fromEntries(r.files) }]),
      ),
    };
  }
}
