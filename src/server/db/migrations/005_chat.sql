-- Chat advisor (issue 10): the answer knowledge base, conversations with officials, their
-- messages, the officials on duty and the console's short-lived stream tokens.
-- Plain PostgreSQL that runs on PGlite (PostgreSQL 18) and PostgreSQL 15.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One article in one language. `language` is fi, sv, en or se; `plain` marks a plain-Finnish
-- (selkokieli) variant. `status`: draft (not shown to the public) or published. `review`:
-- reviewed (checked by an official) or unreviewed (e.g. a Sámi text not checked by a native
-- speaker) — shown to the reader either way. The search vector uses the language's own
-- text-search configuration; `search_text` feeds the trigram fuzzy fallback.
CREATE TABLE kb_articles (
  id              uuid PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  slug            text NOT NULL,
  language        text NOT NULL CHECK (language IN ('fi', 'sv', 'en', 'se')),
  plain           boolean NOT NULL DEFAULT false,
  topic           text NOT NULL,
  title           text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  body            text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 8000),
  source          text,
  status          text NOT NULL CHECK (status IN ('draft', 'published')),
  review          text NOT NULL CHECK (review IN ('reviewed', 'unreviewed')),
  created_by      text,
  reviewed_by     text,
  from_conversation uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  published_at    timestamptz,
  search_text     text GENERATED ALWAYS AS (lower(title || ' ' || body)) STORED,
  tsv             tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(CASE language WHEN 'fi' THEN 'finnish'::regconfig WHEN 'sv' THEN 'swedish'::regconfig
      WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END, title), 'A') ||
    setweight(to_tsvector(CASE language WHEN 'fi' THEN 'finnish'::regconfig WHEN 'sv' THEN 'swedish'::regconfig
      WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END, body), 'B')
  ) STORED,
  UNIQUE (organisation_id, slug, language, plain)
);
CREATE INDEX kb_articles_tsv_idx ON kb_articles USING gin (tsv);
CREATE INDEX kb_articles_trgm_idx ON kb_articles USING gin (search_text gin_trgm_ops);
CREATE INDEX kb_articles_org_status_idx ON kb_articles (organisation_id, status, language);

-- The distinct words of the published articles per organisation and language, for the fuzzy
-- fallback: a mistyped or inflected word is matched to the closest known words (pg_trgm
-- similarity on this small table), which then go through the full-text search.
CREATE TABLE kb_words (
  organisation_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  language        text NOT NULL,
  word            text NOT NULL,
  PRIMARY KEY (organisation_id, language, word)
);
CREATE INDEX kb_words_trgm_idx ON kb_words USING gin (word gin_trgm_ops);

-- An official (a person behind the organisation's staff key) and when their console was last
-- connected: on duty = seen within the last minute, on any instance.
CREATE TABLE chat_officials (
  id              uuid PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
  languages       text[] NOT NULL,
  topics          text[] NOT NULL DEFAULT '{}',
  last_seen       timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_officials_org_seen_idx ON chat_officials (organisation_id, last_seen);

-- A conversation. The person holds `token` (32 random bytes); only its SHA-256 is stored.
-- status: queued (waiting), active (claimed by one official), message (left out of hours,
-- answered by email), closed.
CREATE TABLE chat_conversations (
  id              uuid PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  token_hash      text NOT NULL UNIQUE,
  topic           text NOT NULL,
  language        text NOT NULL CHECK (language IN ('fi', 'sv', 'en', 'se')),
  origin_page     text,
  status          text NOT NULL CHECK (status IN ('queued', 'active', 'message', 'closed')),
  official_id     uuid REFERENCES chat_officials (id) ON DELETE SET NULL,
  email           text,
  transfer_note   text,
  person_read_seq   bigint NOT NULL DEFAULT 0,
  official_read_seq bigint NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  claimed_at      timestamptz,
  closed_at       timestamptz,
  last_activity   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_conversations_queue_idx ON chat_conversations (organisation_id, status, created_at);
CREATE INDEX chat_conversations_activity_idx ON chat_conversations (last_activity);

-- A message. `seq` orders every message of the server (the SSE event id); (conversation,
-- author, client_id) makes a retried send idempotent.
CREATE TABLE chat_messages (
  seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
  author          text NOT NULL CHECK (author IN ('person', 'official', 'system')),
  official_id     uuid,
  client_id       text NOT NULL,
  body            text NOT NULL CHECK (char_length(body) <= 4000),
  attachment      jsonb,
  created_at      timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  UNIQUE (conversation_id, author, client_id)
);
CREATE INDEX chat_messages_conversation_idx ON chat_messages (conversation_id, seq);

-- An attachment's bytes (JPEG, PNG or PDF after sniffing; image metadata stripped).
CREATE TABLE chat_attachments (
  id              uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
  media_type      text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  name            text NOT NULL,
  bytes           bytea NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- The console's EventSource cannot send Authorization: it gets a short-lived stream token
-- (SHA-256 stored) from an authenticated request, valid on every instance.
CREATE TABLE chat_stream_tokens (
  token_hash      text PRIMARY KEY,
  organisation_id text NOT NULL,
  official_id     uuid NOT NULL REFERENCES chat_officials (id) ON DELETE CASCADE,
  expires_at      timestamptz NOT NULL
);
