import { runCliCommand } from './run-cli-command.js';
import { runMain } from './start-cli.js';

/** `npm run ask -- [--json] "question"`. */
await runMain((deps, words) =>
  runCliCommand(deps, ['ask', ...words], {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }),
);
