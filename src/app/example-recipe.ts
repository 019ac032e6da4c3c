/** The recipe a new visitor sees: a small TIES merge they can run right away. */
export const EXAMPLE_RECIPE = `merge_method: ties
base_model: mistralai/Mistral-7B-v0.1
models:
  - model: teknium/OpenHermes-2.5-Mistral-7B
    parameters:
      density: 0.5
      weight: 0.5
  - model: HuggingFaceH4/zephyr-7b-beta
    parameters:
      density: 0.5
      weight: 0.5
parameters:
  normalize: true
dtype: bfloat16
`;
