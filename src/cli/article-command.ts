import { runCliCommand } from './run-cli-command.js';
import { runMain } from './start-cli.js';

/** `npm run article -- add|list|show|remove …`. */
await runMain((deps, words) =>
  runCliCommand(deps, ['article', ...words], {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }),
);
