/**
 * The API contract (src/contract/openapi.yaml), loaded once at start: the JSON served at
 * /openapi.json, Ajv validators compiled from its schemas and parameters, and its paths with
 * their methods (the 405 answers and `Allow` headers). Request validation therefore derives
 * from the contract, not from hand-written checks or tables.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { components, operations } from '../../contract/schema.gen.js';

// ajv-formats is CommonJS; under Node ESM its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

export const CONTRACT_PATH = fileURLToPath(new URL('../../contract/openapi.yaml', import.meta.url));
const DOC_ID = 'luukku-openapi';

export interface FieldError {
  pointer: string;
  code: string;
  message?: string;
}

/**
 * A check of a value against a part of the contract: null when valid, else the field errors.
 * `T` is the type openapi-typescript generated for that part (what a valid value is).
 */
export type Validator<T = unknown> = ((value: unknown) => FieldError[] | null) & { readonly valid?: T };

type Schemas = components['schemas'];
/** An operation's query and path parameters as one object, after defaults are applied. */
type Params<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']> &
  (operations[Op]['parameters'] extends { path: infer P } ? NonNullable<P> : unknown);

type Json = Record<string, unknown>;

export interface Operation {
  method: string;
  /** The contract's path template, e.g. `/v1/permits/packs/{mode}`. */
  path: string;
  operationId: string;
}

export interface Contract {
  document: Json;
  /** Every operation of the contract. */
  operations: readonly Operation[];
  /**
   * The methods a concrete path answers (`GET` brings `HEAD`; every path answers `OPTIONS`),
   * or undefined when the path is not in the contract.
   */
  allowedMethods(path: string): string[] | undefined;
  /** The document serialised once, for GET /openapi.json. */
  json: string;
  problemCodes: readonly string[];
  body: {
    feedbackSubmission: Validator<Schemas['FeedbackSubmission']>;
    selfAssessmentSubmission: Validator<Schemas['SelfAssessmentSubmission']>;
    permitEvaluationRequest: Validator<Schemas['PermitEvaluationRequest']>;
    permitCaseRecord: Validator<Schemas['PermitCaseRecord']>;
    venueReservationRequest: Validator<Schemas['VenueReservationRequest']>;
    venueCancelRequest: Validator<Schemas['VenueCancelRequest']>;
    venueDecisionRequest: Validator<Schemas['VenueDecisionRequest']>;
    venueBlockRequest: Validator<Schemas['VenueBlockRequest']>;
    venueFactsUpdate: Validator<Schemas['VenueFactsUpdate']>;
  };
  /**
   * Parameter validators per operationId: the query parameters and path parameters of the
   * operation, as one object (coerce strings to the declared types, apply defaults).
   */
  query: {
    getFeedbackForm: Validator<Params<'getFeedbackForm'>>;
    /** `limit` has a default in the contract, so it is always there. */
    listFeedback: Validator<Params<'listFeedback'> & { limit: number }>;
    getFeedbackSummary: Validator<Params<'getFeedbackSummary'>>;
    getPermitPack: Validator<Params<'getPermitPack'>>;
    getProcessingTimes: Validator<Params<'getProcessingTimes'>>;
    listVenues: Validator<Params<'listVenues'>>;
    getVenue: Validator<{ venue: string }>;
    getVenueOverlays: Validator<Params<'getVenueOverlays'>>;
    listVenueReservations: Validator<Params<'listVenueReservations'>>;
    reserveVenue: Validator<{ venue: string }>;
    decideVenueReservation: Validator<{ reservation: string }>;
    getFeedbackInsights: Validator<Params<'getFeedbackInsights'>>;
    getFeedbackNational: Validator<Params<'getFeedbackNational'>>;
    listFeedbackTexts: Validator<Params<'listFeedbackTexts'> & { limit: number; respondent: 'customer' | 'staff' }>;
    listContactRequests: Validator<Params<'listContactRequests'> & { limit: number; status: 'waiting' | 'handled' }>;
    markContactRequestHandled: Validator<Params<'markContactRequestHandled'>>;
  };
  idempotencyKey: Validator;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  return d <= days;
}

function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let pointer = prefix + e.instancePath;
    // Name the offending member itself, not its parent object.
    if (e.keyword === 'required') pointer += '/' + escapePointer((e.params as { missingProperty: string }).missingProperty);
    else if (e.keyword === 'additionalProperties')
      pointer += '/' + escapePointer((e.params as { additionalProperty: string }).additionalProperty);
    else if (e.keyword === 'propertyNames' && 'propertyName' in e.params)
      pointer += '/' + escapePointer((e.params as { propertyName: string }).propertyName);
    else if (typeof e.propertyName === 'string') pointer += '/' + escapePointer(e.propertyName);
    const key = pointer + ' ' + e.keyword;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer: pointer || '/', code: e.keyword, ...(e.message ? { message: e.message } : {}) });
    if (out.length >= 50) break;
  }
  return out;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Rewrites local `#/…` refs to point into the registered contract document. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? DOC_ID + v : rebase(v);
    }
    return out;
  }
  return node;
}

function resolveRef(doc: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local refs are supported: ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (!node || typeof node !== 'object') throw new Error(`unresolved ref ${ref}`);
  return node as Json;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Json;
}

function operation(doc: Json, operationId: string): Json {
  for (const item of Object.values(doc.paths as Json)) {
    for (const op of Object.values(item as Json)) {
      if (op && typeof op === 'object' && (op as Json).operationId === operationId) return op as Json;
    }
  }
  throw new Error(`operation ${operationId} is not in the contract`);
}

function parameters(doc: Json, op: Json): Parameter[] {
  return ((op.parameters as Json[] | undefined) ?? []).map(
    (p) => (typeof p.$ref === 'string' ? resolveRef(doc, p.$ref) : p) as unknown as Parameter,
  );
}

export function loadContract(path = CONTRACT_PATH): Contract {
  const document = parse(readFileSync(path, 'utf8')) as Json;

  const common = { strict: false, allErrors: true, validateFormats: true } as const;
  const bodyAjv = new Ajv2020(common);
  const queryAjv = new Ajv2020({ ...common, coerceTypes: true, useDefaults: true });
  for (const ajv of [bodyAjv, queryAjv]) {
    addFormats(ajv);
    // A calendar day PostgreSQL can store: year 0001–9999, a day the month has (no 2026-02-30, no 0000-01-01).
    ajv.addFormat('date', isCalendarDate);
    ajv.addSchema(document, DOC_ID);
  }

  const bodyValidator = (name: string): Validator<never> => {
    const fn = bodyAjv.getSchema(`${DOC_ID}#/components/schemas/${name}`) as ValidateFunction | undefined;
    if (!fn) throw new Error(`schema ${name} is not in the contract`);
    return (value) => (fn(value) ? null : toFieldErrors(fn.errors));
  };

  const queryValidator = (operationId: string): Validator<never> => {
    const params = parameters(document, operation(document, operationId)).filter((p) => p.in === 'query' || p.in === 'path');
    const schema = {
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [p.name, rebase(p.schema)])),
      required: params.filter((p) => p.required).map((p) => p.name),
    };
    const fn = queryAjv.compile(schema);
    return (value) => (fn(value) ? null : toFieldErrors(fn.errors));
  };

  const idemParam = parameters(document, operation(document, 'submitFeedback')).find(
    (p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key',
  );
  if (!idemParam) throw new Error('the contract does not declare the Idempotency-Key header');
  const idemFn = bodyAjv.compile(rebase(idemParam.schema) as Json);

  const problemCodes = (resolveRef(document, '#/components/schemas/ProblemCode') as { enum: string[] }).enum;

  const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
  const operations: Operation[] = [];
  const pathMethods: { test: RegExp; methods: string[] }[] = [];
  for (const [path, item] of Object.entries(document.paths as Json)) {
    const methods: string[] = [];
    for (const [method, op] of Object.entries(item as Json)) {
      if (!METHODS.includes(method)) continue;
      operations.push({ method: method.toUpperCase(), path, operationId: String((op as Json).operationId) });
      methods.push(method.toUpperCase());
      if (method === 'get') methods.push('HEAD');
    }
    methods.push('OPTIONS');
    const pattern = path
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    pathMethods.push({ test: new RegExp(`^${pattern}$`), methods });
  }

  return {
    document,
    operations,
    allowedMethods: (path) => pathMethods.find((p) => p.test.test(path))?.methods,
    json: JSON.stringify(document),
    problemCodes,
    body: {
      feedbackSubmission: bodyValidator('FeedbackSubmission'),
      selfAssessmentSubmission: bodyValidator('SelfAssessmentSubmission'),
      permitEvaluationRequest: bodyValidator('PermitEvaluationRequest'),
      permitCaseRecord: bodyValidator('PermitCaseRecord'),
      venueReservationRequest: bodyValidator('VenueReservationRequest'),
      venueCancelRequest: bodyValidator('VenueCancelRequest'),
      venueDecisionRequest: bodyValidator('VenueDecisionRequest'),
      venueBlockRequest: bodyValidator('VenueBlockRequest'),
      venueFactsUpdate: bodyValidator('VenueFactsUpdate'),
    },
    query: {
      getFeedbackForm: queryValidator('getFeedbackForm'),
      listFeedback: queryValidator('listFeedback'),
      getFeedbackSummary: queryValidator('getFeedbackSummary'),
      getPermitPack: queryValidator('getPermitPack'),
      getProcessingTimes: queryValidator('getProcessingTimes'),
      listVenues: queryValidator('listVenues'),
      getVenue: queryValidator('getVenue'),
      getVenueOverlays: queryValidator('getVenueOverlays'),
      listVenueReservations: queryValidator('listVenueReservations'),
      reserveVenue: queryValidator('reserveVenue'),
      decideVenueReservation: queryValidator('decideVenueReservation'),
      getFeedbackInsights: queryValidator('getFeedbackInsights'),
      getFeedbackNational: queryValidator('getFeedbackNational'),
      listFeedbackTexts: queryValidator('listFeedbackTexts'),
      listContactRequests: queryValidator('listContactRequests'),
      markContactRequestHandled: queryValidator('markContactRequestHandled'),
    },
    idempotencyKey: (value) => (idemFn(value) ? null : toFieldErrors(idemFn.errors, '/Idempotency-Key')),
  };
}
