-- Chat advisor, second step (issue 10): knowledge-base indexes without a pending list,
-- officials' own keys, and transfers to another organisation.
-- Plain PostgreSQL that runs on PGlite (PostgreSQL 18) and PostgreSQL 15.

-- GIN indexes buffer new entries in a pending list that every search reads linearly until
-- a VACUUM merges it; after 5,000 fresh articles that made a missed word cost a scan of the
-- whole list (tens of ms). Articles are written rarely and searched on every keystroke:
-- entries go straight into the index.
ALTER INDEX kb_articles_tsv_idx SET (fastupdate = off);
ALTER INDEX kb_articles_trgm_idx SET (fastupdate = off);
ALTER INDEX kb_words_trgm_idx SET (fastupdate = off);

-- An official's own key, issued by a staff key holder: only its SHA-256 is kept; revoked
-- keys stay (who had one, until when) but open nothing.
ALTER TABLE chat_officials
  ADD COLUMN key_hash text UNIQUE,
  ADD COLUMN key_issued_at timestamptz,
  ADD COLUMN key_revoked_at timestamptz;

-- A conversation transferred from another organisation: where it came from (the note is
-- transfer_note). The sending organisation loses access: organisation_id is the receiver.
ALTER TABLE chat_conversations ADD COLUMN transferred_from text;
