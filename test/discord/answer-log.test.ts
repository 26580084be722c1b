import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-schema.js';
import { AnswerLog } from '../../src/answer/answer-log.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';

let directory: string;
let db: Db;
let log: AnswerLog;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'newsdesk-answer-log-'));
  db = openDatabase(join(directory, 'newsdesk.db'));
  log = new AnswerLog(db);
});
afterEach(() => {
  db.close();
  rmSync(directory, { recursive: true, force: true });
});

function answer(question: string): Answer {
  return {
    question,
    mode: 'extractive',
    status: 'answered',
    answer: `About ${question} [1]`,
    claims: [],
    citations: [],
  };
}

const at = new Date('2025-09-01T12:00:00Z');

describe('AnswerLog', () => {
  it('gives the last three turns of a conversation, oldest first', () => {
    let previous: number | null = null;
    for (const question of ['one', 'two', 'three', 'four']) {
      previous = log.record(answer(question), { scope: 'global', askedBy: 'u1', at, follows: previous });
    }
    expect(log.history(previous ?? 0, 3)).toEqual([
      { question: 'two', answer: 'About two [1]' },
      { question: 'three', answer: 'About three [1]' },
      { question: 'four', answer: 'About four [1]' },
    ]);
  });

  it('finds the answer a message shows and the latest answer in a thread, after reopening the database', () => {
    const first = log.record(answer('one'), { scope: '123456789012345678', askedBy: 'u1', at });
    log.linkMessages(first, ['111111111111111111', '222222222222222222']);
    log.setThread(first, '333333333333333333');
    const second = log.record(answer('two'), {
      scope: '123456789012345678',
      askedBy: 'u1',
      at,
      follows: first,
      threadId: '333333333333333333',
    });
    db.close();
    db = openDatabase(join(directory, 'newsdesk.db'));
    log = new AnswerLog(db);
    expect(log.answerForMessage('222222222222222222')).toBe(first);
    expect(log.answerForMessage('999999999999999999')).toBeUndefined();
    expect(log.latestInThread('333333333333333333')).toBe(second);
  });

  it('keeps one vote per user per answer and reports what a press did', () => {
    const id = log.record(answer('one'), { scope: 'global', askedBy: 'u1', at });
    expect(log.vote(id, 'u1', 1, at)).toBe('recorded');
    expect(log.vote(id, 'u1', 1, at)).toBe('unchanged');
    expect(log.vote(id, 'u1', -1, at)).toBe('changed');
    expect(log.vote(id, 'u2', 1, at)).toBe('recorded');
    expect(log.tally(id)).toEqual({ up: 1, down: 1 });
  });
});
