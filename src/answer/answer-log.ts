import { AnswerSchema, type Answer } from './answer-schema.js';
import type { Turn } from './answer-with-llm.js';
import type { Scope } from '../corpus/article-schema.js';
import type { Db } from '../store/open-database.js';

/** An answer as it was given, with who asked, where, and the conversation it belongs to. */
export interface LoggedAnswer {
  id: number;
  at: string;
  scope: Scope;
  askedBy: string | null;
  question: string;
  answer: Answer;
  /** The earlier answer this one follows up on, if any. */
  follows: number | null;
  threadId: string | null;
}

/** A 👍 (1) or 👎 (-1). */
export type Vote = 1 | -1;

/** What a vote press did: a first vote, a changed vote, or the same vote again. */
export type VoteOutcome = 'recorded' | 'changed' | 'unchanged';

interface AnswerRow {
  id: number;
  at: string;
  scope: string;
  asked_by: string | null;
  question: string;
  answer_json: string;
  follows: number | null;
  thread_id: string | null;
}

function toLogged(row: AnswerRow): LoggedAnswer {
  return {
    id: row.id,
    at: row.at,
    scope: row.scope,
    askedBy: row.asked_by,
    question: row.question,
    answer: AnswerSchema.parse(JSON.parse(row.answer_json)),
    follows: row.follows,
    threadId: row.thread_id,
  };
}

/**
 * Keeps every answer given on Discord (`answers`), the messages that show it, the conversations answers form for
 * follow-up questions, and one 👍/👎 vote per user per answer (`feedback`).
 */
export class AnswerLog {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO answers (at, scope, asked_by, question, answer_json, follows, thread_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      byId: db.prepare('SELECT * FROM answers WHERE id = ?'),
      setThread: db.prepare('UPDATE answers SET thread_id = ? WHERE id = ?'),
      linkMessage: db.prepare('INSERT OR IGNORE INTO answer_messages (message_id, answer) VALUES (?, ?)'),
      byMessage: db.prepare('SELECT answer FROM answer_messages WHERE message_id = ?').pluck(),
      latestInThread: db
        .prepare('SELECT id FROM answers WHERE thread_id = ? ORDER BY id DESC LIMIT 1')
        .pluck(),
      previousVote: db.prepare('SELECT vote FROM feedback WHERE answer = ? AND user_id = ?').pluck(),
      vote: db.prepare(
        `INSERT INTO feedback (answer, user_id, vote, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (answer, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
      ),
      tally: db.prepare(
        `SELECT coalesce(sum(vote = 1), 0) AS up, coalesce(sum(vote = -1), 0) AS down FROM feedback WHERE answer = ?`,
      ),
    };
  }

  /** Stores an answer and returns its id. */
  record(
    answer: Answer,
    options: {
      scope: Scope;
      askedBy: string | null;
      at: Date;
      follows?: number | null;
      threadId?: string | null;
    },
  ): number {
    const info = this.statements.insert.run(
      options.at.toISOString(),
      options.scope,
      options.askedBy,
      answer.question,
      JSON.stringify(answer),
      options.follows ?? null,
      options.threadId ?? null,
    );
    return Number(info.lastInsertRowid);
  }

  /** The stored answer with this id. */
  get(id: number): LoggedAnswer | undefined {
    const row = this.statements.byId.get(id) as AnswerRow | undefined;
    return row ? toLogged(row) : undefined;
  }

  /** Records that the answer continues in a thread, so questions asked there follow up on it. */
  setThread(answerId: number, threadId: string): void {
    this.statements.setThread.run(threadId, answerId);
  }

  /** Records the messages that show an answer, so replies to them can follow up on it. */
  linkMessages(answerId: number, messageIds: readonly string[]): void {
    this.db.transaction(() => {
      for (const messageId of messageIds) this.statements.linkMessage.run(messageId, answerId);
    })();
  }

  /** The answer a message shows, if it is one of newsdesk's answers. */
  answerForMessage(messageId: string): number | undefined {
    return this.statements.byMessage.get(messageId) as number | undefined;
  }

  /** The most recent answer given in a thread. */
  latestInThread(threadId: string): number | undefined {
    return this.statements.latestInThread.get(threadId) as number | undefined;
  }

  /** The conversation ending with `answerId`, oldest turn first, at most `limit` turns. */
  history(answerId: number, limit = 3): Turn[] {
    const turns: Turn[] = [];
    const seen = new Set<number>();
    let next: number | null = answerId;
    while (next !== null && turns.length < limit && !seen.has(next)) {
      seen.add(next);
      const logged = this.get(next);
      if (!logged) break;
      turns.unshift({ question: logged.question, answer: logged.answer.answer });
      next = logged.follows;
    }
    return turns;
  }

  /** Stores a user's vote on an answer, replacing an earlier one; one vote per user per answer. */
  vote(answerId: number, userId: string, vote: Vote, at: Date): VoteOutcome {
    return this.db
      .transaction((): VoteOutcome => {
        const previous = this.statements.previousVote.get(answerId, userId) as number | undefined;
        this.statements.vote.run(answerId, userId, vote, at.toISOString());
        if (previous === undefined) return 'recorded';
        return previous === vote ? 'unchanged' : 'changed';
      })
      .immediate();
  }

  /** How many 👍 and 👎 an answer has. */
  tally(answerId: number): { up: number; down: number } {
    return this.statements.tally.get(answerId) as { up: number; down: number };
  }
}
