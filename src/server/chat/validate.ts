/**
 * The chat domain's request validators, compiled from the same contract document
 * (src/contract/openapi.yaml) as the shared ones in http/contract.ts: a body schema by name,
 * an operation's query and path parameters by operationId. Kept here so that the chat adds
 * no lines to the shared contract module.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { isCalendarDate, type FieldError, type Validator } from '../http/contract.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const DOC = 'luukku-chat-openapi';
type Json = Record<string, unknown>;

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

function fieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).slice(0, 50).map((e) => {
    let pointer = e.instancePath;
    if (e.keyword === 'required') pointer += '/' + escapePointer((e.params as { missingProperty: string }).missingProperty);
    else if (e.keyword === 'additionalProperties')
      pointer += '/' + escapePointer((e.params as { additionalProperty: string }).additionalProperty);
    return { pointer: pointer || '/', code: e.keyword, ...(e.message ? { message: e.message } : {}) };
  });
}

function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? DOC + v : rebase(v);
    return out;
  }
  return node;
}

export interface ChatValidators {
  body(schema: string): Validator<never>;
  query(operationId: string): Validator<never>;
}

export function chatValidators(document: Json): ChatValidators {
  const common = { strict: false, allErrors: true, validateFormats: true } as const;
  const bodyAjv = new Ajv2020(common);
  const queryAjv = new Ajv2020({ ...common, coerceTypes: true, useDefaults: true });
  for (const ajv of [bodyAjv, queryAjv]) {
    addFormats(ajv);
    ajv.addFormat('date', isCalendarDate);
    ajv.addSchema(document, DOC);
  }
  const resolve = (ref: string): Json => {
    let node: unknown = document;
    for (const part of ref.slice(2).split('/')) node = (node as Json)[part];
    return node as Json;
  };
  const operation = (operationId: string): Json => {
    for (const item of Object.values(document.paths as Json))
      for (const op of Object.values(item as Json))
        if (op && typeof op === 'object' && (op as Json).operationId === operationId) return op as Json;
    throw new Error(`operation ${operationId} is not in the contract`);
  };
  return {
    body(schema) {
      const fn = bodyAjv.getSchema(`${DOC}#/components/schemas/${schema}`) as ValidateFunction | undefined;
      if (!fn) throw new Error(`schema ${schema} is not in the contract`);
      return (value) => (fn(value) ? null : fieldErrors(fn.errors));
    },
    query(operationId) {
      const params = ((operation(operationId).parameters as Json[] | undefined) ?? [])
        .map((p) => (typeof p.$ref === 'string' ? resolve(p.$ref) : p) as { name: string; in: string; required?: boolean; schema: Json })
        .filter((p) => p.in === 'query' || p.in === 'path');
      const fn = queryAjv.compile({
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, rebase(p.schema)])),
        required: params.filter((p) => p.required).map((p) => p.name),
      });
      return (value) => (fn(value) ? null : fieldErrors(fn.errors));
    },
  };
}
