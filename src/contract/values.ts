/**
 * Values both halves use, declared once. The `as const` arrays feed the types, the runtime
 * checks, Storybook controls and tests; `Exactly<>` makes the compiler check each list
 * against the union that openapi-typescript generated from the contract, both ways (a value
 * missing here or one the contract does not have fails `npm run typecheck`).
 * test/server/contract-values.test.ts checks the patterns against the contract's text.
 * No DOM, no Node: imported by widgets and the server alike.
 */
import type { components } from './schema.gen.js';

type Schemas = components['schemas'];
/** `true` only when A and B are the same union. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/** Who gave the feedback (optional question). */
export const CUSTOMER_SEGMENTS = ['person', 'business', 'authority', 'organisation'] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];

/** The permit-need explorer's modes, one rule pack each. */
export const PERMIT_MODES = ['events', 'industrial'] as const;
export type PermitMode = (typeof PERMIT_MODES)[number];

/** The languages of the widgets and of localised texts. */
export const LOCALES = ['fi', 'sv', 'se', 'en'] as const;
export type LocaleCode = (typeof LOCALES)[number];

/** The national service types of rescue services (seed 000). */
export const SERVICE_TYPES = [
  'rescue-operation',
  'emergency-care',
  'fire-inspection',
  'safety-training',
  'customer-service',
  'duty-fire-inspector',
  'event',
  'other',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Every `code` a problem+json answer may carry. */
export const PROBLEM_CODES = [
  'malformed_json',
  'validation_failed',
  'unsupported_media_type',
  'payload_too_large',
  'unknown_organisation',
  'unknown_service',
  'questionnaire_stale',
  'unknown_question',
  'missing_required_answer',
  'idempotency_key_missing',
  'idempotency_conflict',
  'origin_not_allowed',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'not_found',
  'method_not_allowed',
  'internal_error',
  'database_unavailable',
  'invalid_transition',
  'precondition_failed',
  'precondition_required',
  'invalid_date',
  'unknown_venue',
  'dates_in_past',
  'dates_reversed',
  'stay_too_long',
  'dates_taken',
  'hold_expired',
  'cancel_link_used',
  'reservation_not_pending',
  'already_claimed',
  'conversation_closed',
  'unsupported_attachment',
  'feed_revoked',
  'forecast_incomplete',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** The states of one application of a permit project (issue 11), in their usual order. */
export const APPLICATION_STATES = [
  'draft',
  'submitted',
  'received',
  'information-requested',
  'in-processing',
  'decision',
  'appeal-period',
  'final',
  'cancelled',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** Kinds of public venues a city offers for events (venue map). */
export const VENUE_TYPES = ['park', 'square', 'sports-field', 'hall', 'beach', 'courtyard', 'other'] as const;
export type VenueType = (typeof VENUE_TYPES)[number];

/** Compile-time only: each list above equals the contract's union (a mismatch fails `npm run typecheck`). */
export type ContractValuesChecked = [
  Assert<Exactly<CustomerSegment, Schemas['CustomerSegment']>>,
  Assert<Exactly<PermitMode, Schemas['PermitModeValue']>>,
  Assert<Exactly<LocaleCode, Schemas['LocaleCode']>>,
  Assert<Exactly<ServiceType, Schemas['ServiceType']>>,
  Assert<Exactly<ProblemCode, Schemas['ProblemCode']>>,
  Assert<Exactly<ApplicationState, Schemas['ApplicationState']>>,
  Assert<Exactly<VenueType, Schemas['VenueType']>>,
];

/** Patterns of the contract's string formats (the same text as in openapi.yaml). */
export const PATTERNS = {
  /** Organisation and service ids (`Slug`). */
  slug: '^[a-z0-9][a-z0-9-]{0,62}$',
  /** A service-event reference from a QR code (`ServiceEventRef`). */
  serviceEventRef: '^[A-Za-z0-9][A-Za-z0-9_./-]{0,63}$',
  /** The Idempotency-Key header. */
  idempotencyKey: '^[A-Za-z0-9_-]{16,64}$',
} as const;
