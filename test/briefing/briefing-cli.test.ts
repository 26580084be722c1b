import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseFolder } from './briefing-test-kit.js';

const run = promisify(execFile);
const folders: { remove(): void }[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) folder.remove();
});

async function briefingCommand(
  ...words: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  const folder = createDatabaseFolder();
  folders.push(folder);
  const environment = { ...process.env, NEWSDESK_DB: folder.path, OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/briefing-command.ts', ...words], {
      env: environment,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('npm run briefing', () => {
  it('prints a cited briefing of the curated article for now --since 2025-08-28', async () => {
    const { stdout, code } = await briefingCommand('now', '--since', '2025-08-28');
    expect(code).toBe(0);
    expect(stdout).toContain('Briefing: 1 new article since 2025-08-28 00:00 UTC');
    expect(stdout).toContain('Kallas says EU missions and defence-industry support');
    expect(stdout).toMatch(/- \u201cThe European Union views its training mission[^\n]*\u201d \(line 1\)/);
  });

  it('explains its usage when the words are not understood', async () => {
    const { stderr, code } = await briefingCommand('later');
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: npm run briefing -- now');
  });
});
