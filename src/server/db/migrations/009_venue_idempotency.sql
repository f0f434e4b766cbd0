-- Venue reservations accept an Idempotency-Key (issue 12): a retried POST gets the first answer
-- again instead of a second hold or queue place. The key is per venue; the hash of the request
-- body tells a retry from a different request that reuses the key; `receipt` is the first answer.
ALTER TABLE venue_reservations
  ADD COLUMN idempotency_key text,
  ADD COLUMN request_hash    text,
  ADD COLUMN receipt         jsonb;
CREATE UNIQUE INDEX venue_reservations_idempotency_idx ON venue_reservations (venue_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
