/**
 * `chat_template`: a built-in name, "auto" (the template most of the merged models share), or a
 * literal Jinja template. The built-ins produce the same prompts as mergekit's bundled templates
 * (including mergekit's alpaca quirk: no newline between the last message and "### Response:",
 * and llama3's newline after each turn); the Jinja text is our own. exaone is written without the
 * indentation whitespace mergekit's file leaks into prompts.
 */
import { TokenizerError } from "./tokenizer-json.ts";

export const BUILTIN_CHAT_TEMPLATES = {
  chatml:
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}{% endfor %}" +
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
  llama3:
    "{% for message in messages %}{% if loop.first %}{{ bos_token }}{% endif %}" +
    "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}\n{% endfor %}" +
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}",
  mistral:
    "{%- if messages[0]['role'] == 'system' %}{%- set system_message = messages[0]['content'] %}{%- set turns = messages[1:] %}" +
    "{%- else %}{%- set turns = messages %}{%- endif %}{{- bos_token }}" +
    "{%- for message in turns %}" +
    "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{- raise_exception('Roles must alternate user/assistant after an optional system message.') }}{%- endif %}" +
    "{%- if message['role'] == 'user' %}" +
    "{%- if loop.first and system_message is defined %}{{- ' [INST] ' + system_message + '\\n\\n' + message['content'] + ' [/INST]' }}" +
    "{%- else %}{{- ' [INST] ' + message['content'] + ' [/INST]' }}{%- endif %}" +
    "{%- elif message['role'] == 'assistant' %}{{- ' ' + message['content'] + eos_token }}" +
    "{%- else %}{{- raise_exception('Only user and assistant roles are supported, after an optional system message.') }}{%- endif %}" +
    "{%- endfor %}",
  alpaca:
    "{% set systems = messages | selectattr('role', 'equalto', 'system') | list %}" +
    "{{ (systems | last).content | trim if systems else '' }}\n\n" +
    "{% for message in messages %}" +
    "{% if message['role'] == 'user' %}### Instruction:\n{{ message['content'] | trim }}" +
    "{% elif message['role'] == 'assistant' %}### Response:\n{{ message['content'] | trim }}" +
    "{% elif message['role'] == 'user_context' %}### Input:\n{{ message['content'] | trim }}{% endif %}" +
    "{% if message['role'] in ['user', 'assistant', 'user_context'] and not loop.last %}\n\n{% endif %}" +
    "{% endfor %}" +
    "{% if add_generation_prompt and messages[-1]['role'] != 'assistant' %}### Response:\n{% endif %}",
  exaone:
    "{% for message in messages %}{% if loop.first and message['role'] != 'system' %}{{ '[|system|][|endofturn|]\\n' }}{% endif %}" +
    "{{ '[|' + message['role'] + '|]' + message['content'] }}" +
    "{% if message['role'] == 'user' %}{{ '\\n' }}{% else %}{{ '[|endofturn|]\\n' }}{% endif %}{% endfor %}" +
    "{% if add_generation_prompt %}{{ '[|assistant|]' }}{% endif %}",
} as const;

export type BuiltinChatTemplate = keyof typeof BUILTIN_CHAT_TEMPLATES;

/**
 * The template text to write into tokenizer_config.json, or null for none.
 * `modelTemplates` are the chat_template values of the merged models' tokenizer_config.json,
 * used by "auto" (ties go to the template seen first).
 */
export function resolveChatTemplate(setting: string | undefined | null, modelTemplates: readonly (string | null | undefined)[] = []): string | null {
  if (!setting) return null;
  if (setting === "auto") {
    const counts = new Map<string, number>();
    for (const t of modelTemplates) if (t && t.trim()) counts.set(t.trim(), (counts.get(t.trim()) ?? 0) + 1);
    let best: string | null = null;
    for (const [t, n] of counts) if (best === null || n > counts.get(best)!) best = t;
    return best;
  }
  if (setting in BUILTIN_CHAT_TEMPLATES) return BUILTIN_CHAT_TEMPLATES[setting as BuiltinChatTemplate];
  if (setting.length < 20 || !setting.includes("{")) {
    throw new TokenizerError(
      "BAD_TOKEN_CONFIG",
      `chat_template ${JSON.stringify(setting)} is neither a built-in (${Object.keys(BUILTIN_CHAT_TEMPLATES).join(", ")}, auto) nor a Jinja template (at least 20 characters, with "{").`,
    );
  }
  return setting;
}
