import { runFeedCommand } from './run-feed-command.js';
import { runMain } from './start-cli.js';

/** `npm run feed -- add|list|remove|poll …`. */
await runMain((deps, words) =>
  runFeedCommand(deps, words, {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }),
);
