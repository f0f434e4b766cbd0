/**
 * The API contract (src/contract/openapi.yaml), loaded once at start: the JSON served at
 * /openapi.json, and Ajv validators compiled from its schemas and parameters. Request
 * validation therefore derives from the contract, not from hand-written checks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under Node ESM its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

export const CONTRACT_PATH = fileURLToPath(new URL('../contract/openapi.yaml', import.meta.url));
const DOC_ID = 'luukku-openapi';

export interface FieldError {
  pointer: string;
  code: string;
  message?: string;
}

export type Validator = (value: unknown) => FieldError[] | null;

type Json = Record<string, unknown>;

export interface Contract {
  document: Json;
  /** The document serialised once, for GET /openapi.json. */
  json: string;
  problemCodes: readonly string[];
  body: {
    feedbackSubmission: Validator;
    selfAssessmentSubmission: Validator;
    permitEvaluationRequest: Validator;
  };
  /**
   * Parameter validators per operationId: the query parameters and path parameters of the
   * operation, as one object (coerce strings to the declared types, apply defaults).
   */
  query: Record<'getFeedbackForm' | 'listFeedback' | 'getFeedbackSummary' | 'getPermitPack' | 'getProcessingTimes', Validator>;
  idempotencyKey: Validator;
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
  return ((op.parameters as Json[] | undefined) ?? []).map((p) =>
    (typeof p.$ref === 'string' ? resolveRef(doc, p.$ref) : p) as unknown as Parameter,
  );
}

export function loadContract(path = CONTRACT_PATH): Contract {
  const document = parse(readFileSync(path, 'utf8')) as Json;

  const common = { strict: false, allErrors: true, validateFormats: true } as const;
  const bodyAjv = new Ajv2020(common);
  const queryAjv = new Ajv2020({ ...common, coerceTypes: true, useDefaults: true });
  for (const ajv of [bodyAjv, queryAjv]) {
    addFormats(ajv);
    ajv.addSchema(document, DOC_ID);
  }

  const bodyValidator = (name: string): Validator => {
    const fn = bodyAjv.getSchema(`${DOC_ID}#/components/schemas/${name}`) as ValidateFunction | undefined;
    if (!fn) throw new Error(`schema ${name} is not in the contract`);
    return (value) => (fn(value) ? null : toFieldErrors(fn.errors));
  };

  const queryValidator = (operationId: string): Validator => {
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

  const problem = resolveRef(document, '#/components/schemas/Problem');
  const problemCodes = ((problem.properties as Json).code as { enum: string[] }).enum;

  return {
    document,
    json: JSON.stringify(document),
    problemCodes,
    body: {
      feedbackSubmission: bodyValidator('FeedbackSubmission'),
      selfAssessmentSubmission: bodyValidator('SelfAssessmentSubmission'),
      permitEvaluationRequest: bodyValidator('PermitEvaluationRequest'),
    },
    query: {
      getFeedbackForm: queryValidator('getFeedbackForm'),
      listFeedback: queryValidator('listFeedback'),
      getFeedbackSummary: queryValidator('getFeedbackSummary'),
      getPermitPack: queryValidator('getPermitPack'),
      getProcessingTimes: queryValidator('getProcessingTimes'),
    },
    idempotencyKey: (value) => (idemFn(value) ? null : toFieldErrors(idemFn.errors, '/Idempotency-Key')),
  };
}
