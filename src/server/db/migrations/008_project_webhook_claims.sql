-- Project webhooks with several server instances on one database: a delivery is claimed (with a
-- lease) before it is sent, so exactly one instance sends each attempt. A claimer that dies
-- leaves a lease that expires; another instance then claims the delivery again.
-- Plain PostgreSQL (PGlite and PostgreSQL 15+).
ALTER TABLE project_webhook_deliveries ADD COLUMN claim_token text;
ALTER TABLE project_webhook_deliveries ADD COLUMN claimed_until timestamptz;
