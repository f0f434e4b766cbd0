-- Luukku reference server: initial schema (plain PostgreSQL; runs on PGlite and PostgreSQL 15+).

CREATE TABLE organisations (
  id              text PRIMARY KEY,
  name            jsonb NOT NULL,
  allowed_origins text[] NOT NULL DEFAULT '{}',
  -- SHA-256 (hex) of the staff key; the key itself is never stored.
  staff_key_hash  text,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE services (
  organisation_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  id              text NOT NULL,
  type            text NOT NULL,
  name            jsonb NOT NULL,
  PRIMARY KEY (organisation_id, id)
);

CREATE TABLE questionnaires (
  id         text NOT NULL,
  version    integer NOT NULL,
  body       jsonb NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);

-- Customer feedback. received_at is kept at millisecond precision so that the list cursor
-- (an ISO timestamp + id) round-trips through JavaScript exactly.
CREATE TABLE feedback (
  id                    uuid PRIMARY KEY,
  organisation_id       text NOT NULL,
  service_id            text NOT NULL,
  service_event         text,
  questionnaire_id      text NOT NULL,
  questionnaire_version integer NOT NULL,
  answers               jsonb NOT NULL,
  free_text             text,
  segment               text,
  contact               jsonb,
  locale                text,
  plain_language        boolean NOT NULL DEFAULT false,
  idempotency_key       text NOT NULL,
  request_hash          text NOT NULL,
  received_at           timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  UNIQUE (organisation_id, idempotency_key),
  FOREIGN KEY (organisation_id, service_id) REFERENCES services (organisation_id, id)
);
-- Staff list (newest first, optionally one service) and summary (per service and month).
CREATE INDEX feedback_org_received_idx ON feedback (organisation_id, received_at DESC, id DESC);
CREATE INDEX feedback_org_service_received_idx ON feedback (organisation_id, service_id, received_at DESC, id DESC);
CREATE INDEX feedback_org_questionnaire_idx ON feedback (organisation_id, questionnaire_id, received_at);

-- Staff self-assessment: the same questions, stored apart from customer feedback.
CREATE TABLE self_assessments (
  id                    uuid PRIMARY KEY,
  organisation_id       text NOT NULL,
  service_id            text NOT NULL,
  service_event         text NOT NULL,
  questionnaire_id      text NOT NULL,
  questionnaire_version integer NOT NULL,
  answers               jsonb NOT NULL,
  free_text             text,
  idempotency_key       text NOT NULL,
  request_hash          text NOT NULL,
  received_at           timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  UNIQUE (organisation_id, idempotency_key),
  FOREIGN KEY (organisation_id, service_id) REFERENCES services (organisation_id, id)
);
CREATE INDEX self_assessments_org_questionnaire_idx ON self_assessments (organisation_id, questionnaire_id, received_at);
