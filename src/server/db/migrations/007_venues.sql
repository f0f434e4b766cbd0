-- Venue map with reservations (issue 12): a city's public venues, preliminary reservations
-- (holds that expire unless the venue's official confirms them), confirmed bookings, blocked
-- dates (maintenance), a waiting queue in arrival order, and the notices sent about them.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- One venue of an organisation (a city). The facts shown on the card live in `facts` (jsonb:
-- name, type, capacity, area, facilities, accessibility, rent, photos, terms, contact); the
-- columns are what the server itself computes with.
CREATE TABLE venues (
  id              text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  facts           jsonb NOT NULL,
  lon             double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat             double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  max_stay_days   integer NOT NULL DEFAULT 14 CHECK (max_stay_days BETWEEN 1 AND 366),
  hold_days       integer NOT NULL DEFAULT 7 CHECK (hold_days BETWEEN 1 AND 90),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX venues_organisation_idx ON venues (organisation_id);

-- Holds, bookings, blocks and queue entries of a venue. `starts`/`ends` are Helsinki midnights
-- (the first day and the day after the last). `seq` is the arrival order (the queue's order).
CREATE TABLE venue_reservations (
  id                uuid PRIMARY KEY,
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  venue_id          text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
  kind              text NOT NULL CHECK (kind IN ('reservation', 'block')),
  status            text NOT NULL CHECK (status IN ('hold', 'booked', 'blocked', 'queued', 'expired', 'cancelled', 'rejected', 'lifted')),
  starts            timestamptz NOT NULL,
  ends              timestamptz NOT NULL,
  start_date        date NOT NULL,
  end_date          date NOT NULL,
  contact           jsonb,
  note              text,
  decision_note     text,
  locale            text,
  cancel_token      text UNIQUE,
  expires_at        timestamptz,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  CHECK (ends > starts),
  CHECK (end_date >= start_date),
  CHECK (status <> 'hold' OR expires_at IS NOT NULL),
  -- No double booking: active holds, bookings and blocks of one venue never overlap.
  CONSTRAINT venue_reservations_no_overlap EXCLUDE USING gist (
    venue_id WITH =,
    tstzrange(starts, ends, '[)') WITH &&
  ) WHERE (status IN ('hold', 'booked', 'blocked'))
);
CREATE INDEX venue_reservations_queue_idx ON venue_reservations (venue_id, seq) WHERE status = 'queued';
CREATE INDEX venue_reservations_expiry_idx ON venue_reservations (expires_at) WHERE status = 'hold';

-- Every notice sent (the demo logs the email instead of sending it; the webhook is signed).
CREATE TABLE venue_notices (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reservation_id uuid NOT NULL REFERENCES venue_reservations (id) ON DELETE CASCADE,
  event          text NOT NULL,
  channel        text NOT NULL CHECK (channel IN ('email', 'webhook')),
  recipient      text NOT NULL,
  body           jsonb NOT NULL,
  created_at     timestamptz NOT NULL
);
CREATE INDEX venue_notices_reservation_idx ON venue_notices (reservation_id);
