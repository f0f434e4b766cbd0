-- Chat advisor (issue 10): the outbox of answers to left messages, emailed by a sender loop on
-- every instance. An answer's POST is acknowledged only after its row is committed, so a crash
-- loses no answer; the loop leases due rows (locked_until), retries with doubling back-off up to
-- 8 attempts and keeps the last error. Deleting the conversation (the person, or the retention
-- purge) deletes its rows and so the email address.
-- Plain PostgreSQL that runs on PGlite (PostgreSQL 18) and PostgreSQL 15.
CREATE TABLE chat_mail_outbox (
  id              uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
  message_seq     bigint NOT NULL UNIQUE,
  recipient       text NOT NULL,
  subject         text NOT NULL,
  body            text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX chat_mail_outbox_due_idx ON chat_mail_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX chat_mail_outbox_conversation_idx ON chat_mail_outbox (conversation_id);
