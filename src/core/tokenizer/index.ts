/** Tokenizer merging (tokenizer_source, the tokenizer block, chat_template), mergekit-compatible. */
export * from "./tokenizer-json.ts";
export * from "./build-output-tokenizer.ts";
export * from "./embedding-remap.ts";
export * from "./chat-template.ts";
export * from "./output-files.ts";
export * from "./plan-tokenizer.ts";
