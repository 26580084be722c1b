import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The prompt files newsdesk uses and the placeholders each must contain. */
const required = {
  answer: ['{{today}}'],
  briefing: ['{{today}}'],
} as const;

/** Prompt texts loaded from `prompts/*.md`, keyed by file name. */
export type Prompts = Record<keyof typeof required, string>;

/** Thrown at start-up when a prompt file is missing or lacks a placeholder. */
export class PromptError extends Error {
  override name = 'PromptError';
}

const defaultDirectory = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** Loads every prompt from `directory` and checks its placeholders, so a broken prompt fails at start, not mid-answer. */
export function loadPrompts(directory: string = defaultDirectory): Prompts {
  const entries = Object.entries(required).map(([name, placeholders]) => {
    let text: string;
    try {
      text = readFileSync(`${directory}/${name}.md`, 'utf8');
    } catch (error) {
      throw new PromptError(`Missing prompt file prompts/${name}.md`, { cause: error });
    }
    for (const placeholder of placeholders) {
      if (!text.includes(placeholder))
        throw new PromptError(`prompts/${name}.md lacks the placeholder ${placeholder}`);
    }
    return [name, text] as const;
  });
  return Object.fromEntries(entries) as Prompts;
}

/** Fills `{{name}}` placeholders in a prompt. */
export function fillPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}
