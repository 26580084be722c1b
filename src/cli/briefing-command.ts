import { parseArgs } from 'node:util';
import { buildBriefing } from '../briefing/build-briefing.js';
import { renderBriefingText } from '../briefing/render-briefing-text.js';
import { PublishedSchema, ScopeSchema } from '../corpus/article-schema.js';
import { publishedMs } from '../corpus/article-store.js';
import { runMain } from './start-cli.js';

const usage = `Usage: npm run briefing -- now [--since 2025-08-28] [--scope global|<server id>] [--no-llm] [--json]
Prints the briefing that would be posted now: articles added or published since --since (default: 24 hours ago).`;

/** `npm run briefing -- now [--since DATE] [--scope SCOPE] [--no-llm] [--json]`. */
await runMain(async (deps, words) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: words,
      options: {
        since: { type: 'string' },
        scope: { type: 'string', default: 'global' },
        'no-llm': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals[0] !== 'now' || positionals.length > 1) {
    console.error(usage);
    return 2;
  }
  const now = deps.clock.now();
  let sinceMs = now.getTime() - 24 * 60 * 60 * 1000;
  if (values.since !== undefined) {
    const since = PublishedSchema.safeParse(values.since);
    if (!since.success) {
      console.error(
        `--since takes a date like 2025-08-28 or a date-time with a zone like 2025-08-28T08:00:00+02:00.`,
      );
      return 2;
    }
    sinceMs = publishedMs(since.data);
  }
  const scope = ScopeSchema.safeParse(values.scope);
  if (!scope.success) {
    console.error('--scope takes "global" or a server id.');
    return 2;
  }
  const briefing = await buildBriefing(deps, { scope: scope.data, sinceMs, now, useLlm: !values['no-llm'] });
  console.log(values.json ? JSON.stringify(briefing, null, 2) : renderBriefingText(briefing));
  return 0;
});
