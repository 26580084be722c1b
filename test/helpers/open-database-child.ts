/**
 * A separate process for tests: waits until the given instant (so several start together), opens the database,
 * writes one row and prints "opened". Usage: node --import tsx open-database-child.ts <db path> <start ms> <tag>.
 */
import { openDatabase } from '../../src/store/open-database.js';

const [path = '', startAt = '0', tag = ''] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  // Busy-wait to the shared start instant: a timer would add its own jitter.
}
const db = openDatabase(path);
db.prepare(
  "INSERT INTO audit_log (at, actor, action, article_id, scope) VALUES (?, ?, 'open', 'none', 'global')",
).run(new Date().toISOString(), tag);
db.close();
process.stdout.write('opened\n');
