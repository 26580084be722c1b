import { createInterface } from 'node:readline';
import type { Deps } from '../deps.js';
import { runCliCommand, usage, type TerminalOutput } from './run-cli-command.js';
import { splitWords } from './split-words.js';

/**
 * The interactive terminal front end: reads `/ask …` and `/article …` lines (a line without a slash is a question)
 * and answers each, until end of input or `/quit`.
 */
export async function runTerminal(
  deps: Deps,
  input: NodeJS.ReadableStream = process.stdin,
  output: TerminalOutput = { out: (text) => console.log(text), err: (text) => console.error(text) },
): Promise<void> {
  const interactive = 'isTTY' in input && input.isTTY === true;
  const lines = createInterface({
    input,
    terminal: interactive,
    ...(interactive ? { output: process.stdout } : {}),
  });
  if (interactive) {
    output.out(
      `newsdesk: ask about the news in ${deps.articles.count('global')} articles. /help lists commands.`,
    );
    lines.setPrompt('newsdesk> ');
    lines.prompt();
  }
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '/quit' || line === '/exit') break;
    if (line !== '') {
      if (line === '/help') output.out(usage.replace(/^ {2}(ask|article)/gm, '  /$1'));
      else if (line.startsWith('/ask')) await runCliCommand(deps, ['ask', line.slice(4).trim()], output);
      else if (line.startsWith('/')) await runCliCommand(deps, splitWords(line.slice(1)), output);
      else await runCliCommand(deps, ['ask', line], output);
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}
