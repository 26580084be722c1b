/**
 * The schema, one entry per version; applied in order, each inside a transaction, and never edited once released.
 * Add a new entry to change the schema.
 */
export const migrations: readonly string[] = [
  /* 1: articles, their lines and sentences, full-text index, audit log, feedback, briefings */ `
  CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    published TEXT NOT NULL,
    published_ms INTEGER NOT NULL,
    author TEXT,
    content_hash TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('data', 'added')),
    file_name TEXT,
    file_hash TEXT,
    added_by TEXT,
    added_at TEXT NOT NULL,
    added_ms INTEGER NOT NULL,
    line_count INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX articles_scope_hash ON articles (scope, content_hash);
  CREATE INDEX articles_scope_url ON articles (scope, url);
  CREATE INDEX articles_scope_added ON articles (scope, added_ms);

  CREATE TABLE lines (
    article INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article, line)
  ) WITHOUT ROWID;

  CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX sentences_article ON sentences (article, line);

  CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text, content = 'sentences', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    article_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    detail TEXT
  );

  CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    scope TEXT NOT NULL,
    asked_by TEXT,
    question TEXT NOT NULL,
    answer_json TEXT NOT NULL
  );

  CREATE TABLE feedback (
    answer INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    at TEXT NOT NULL,
    PRIMARY KEY (answer, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE briefing_schedules (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    cron TEXT NOT NULL,
    timezone TEXT NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL,
    paused_reason TEXT,
    last_slot_ms INTEGER,
    from_environment INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE briefing_slots (
    schedule INTEGER NOT NULL REFERENCES briefing_schedules (id) ON DELETE CASCADE,
    slot_ms INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('claimed', 'delivered', 'skipped', 'failed')),
    claimed_at TEXT NOT NULL,
    finished_at TEXT,
    detail TEXT,
    PRIMARY KEY (schedule, slot_ms)
  ) WITHOUT ROWID;
  `,
  /* 2: follow-up conversations on Discord: which answer a new one follows, its thread, and the messages showing it */ `
  ALTER TABLE answers ADD COLUMN follows INTEGER REFERENCES answers (id) ON DELETE SET NULL;
  ALTER TABLE answers ADD COLUMN thread_id TEXT;
  CREATE INDEX answers_thread ON answers (thread_id, id);

  CREATE TABLE answer_messages (
    message_id TEXT PRIMARY KEY,
    answer INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX answer_messages_answer ON answer_messages (answer);
  `,
  /* 3: a log of deleted sentences, so the in-memory retrieval index can follow deletions made by any process */ `
  CREATE TABLE sentence_deletions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sentence INTEGER NOT NULL
  );
  CREATE TRIGGER sentences_log_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentence_deletions (sentence) VALUES (old.id);
  END;
  `,
  /* 4: retrieval runs on the in-memory sentence index, so the FTS5 copy of every sentence and its triggers go */ `
  DROP TRIGGER IF EXISTS sentences_fts_insert;
  DROP TRIGGER IF EXISTS sentences_fts_delete;
  DROP TABLE IF EXISTS sentences_fts;
  `,
  /* 5: which articles each briefing slot covers, fixed when it is claimed, so no later slot repeats them */ `
  ALTER TABLE briefing_slots ADD COLUMN since_ms INTEGER;
  ALTER TABLE briefing_slots ADD COLUMN until_ms INTEGER;
  ALTER TABLE briefing_slots ADD COLUMN covers INTEGER NOT NULL DEFAULT 0;
  UPDATE briefing_slots
    SET until_ms = CAST(round((julianday(claimed_at) - 2440587.5) * 86400000) AS INTEGER),
        covers = (state IN ('delivered', 'claimed') OR detail = 'possibly sent');

  CREATE TABLE briefing_slot_articles (
    schedule INTEGER NOT NULL,
    slot_ms INTEGER NOT NULL,
    article INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (schedule, article),
    FOREIGN KEY (schedule, slot_ms) REFERENCES briefing_slots (schedule, slot_ms) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX briefing_slot_articles_slot ON briefing_slot_articles (schedule, slot_ms);
  `,
  /* 6: feeds: subscriptions, the entries each has seen, the posts of new articles claimed exactly once, and an expiry
     for articles that came from a feed (curated and hand-added ones have none, so they never expire) */ `
  ALTER TABLE articles ADD COLUMN expires_ms INTEGER;
  CREATE INDEX articles_expires ON articles (expires_ms) WHERE expires_ms IS NOT NULL;

  CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT,
    channel_id TEXT,
    thread_per_article INTEGER NOT NULL DEFAULT 0,
    include_words TEXT NOT NULL DEFAULT '[]',
    exclude_words TEXT NOT NULL DEFAULT '[]',
    every_minutes INTEGER NOT NULL,
    body TEXT NOT NULL CHECK (body IN ('page', 'feed', 'auto')),
    from_file INTEGER NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at TEXT NOT NULL,
    paused_reason TEXT,
    etag TEXT,
    last_modified TEXT,
    next_poll_ms INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    last_polled_at TEXT,
    backlog_taken INTEGER NOT NULL DEFAULT 0,
    UNIQUE (scope, url)
  );

  CREATE TABLE feed_entries (
    feed INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    entry_id TEXT,
    link TEXT,
    article INTEGER REFERENCES articles (rowid) ON DELETE SET NULL,
    state TEXT NOT NULL CHECK (state IN ('added', 'duplicate', 'filtered', 'old', 'retry', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    detail TEXT,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    PRIMARY KEY (feed, entry_key)
  ) WITHOUT ROWID;
  CREATE INDEX feed_entries_entry_id ON feed_entries (entry_id);
  CREATE INDEX feed_entries_link ON feed_entries (link);
  CREATE INDEX feed_entries_article ON feed_entries (article);

  CREATE TABLE feed_posts (
    id INTEGER PRIMARY KEY,
    feed INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    article INTEGER REFERENCES articles (rowid) ON DELETE SET NULL,
    channel_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'delivered', 'failed')),
    queued_at TEXT NOT NULL,
    claimed_at TEXT,
    finished_at TEXT,
    message_id TEXT,
    detail TEXT,
    UNIQUE (feed, entry_key)
  );
  CREATE INDEX feed_posts_state ON feed_posts (state, id);
  `,
  /* 7: an id for this database, chosen once at random, so a search index snapshot can prove which database it is of */ `
  CREATE TABLE database_identity (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    id TEXT NOT NULL
  );
  INSERT INTO database_identity (only, id) VALUES (1, lower(hex(randomblob(16))));
  `,
];
