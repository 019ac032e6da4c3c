/** The example recipes shipped in public/examples/: file name -> menu label. */
export const EXAMPLES: Record<string, string> = {
  "ties-three-models.yml": "TIES, three models",
  "dare-ties.yml": "DARE-TIES with a weight curve",
  "slerp-gradient.yml": "SLERP, per-module curves",
  "frankenmerge.yml": "Passthrough frankenmerge",
};
