/**
 * Node-only: read rule packs from a folder (default `src/data/rule-packs/*.json`), check each
 * against the JSON Schema (Ajv, draft 2020-12), resolve `extends`, run the semantic validation,
 * and throw ONE error that lists every problem as `file: /json/pointer: reason`.
 * Bad packs fail loudly at load. Never imported by browser code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { formatIssues, validatePacks, type PackIssue, type PackSource } from '../../shared/permit-engine/validate.js';
import type { ResolvedPack } from '../../shared/permit-engine/types.js';

export const DEFAULT_PACK_DIR = fileURLToPath(new URL('../../data/rule-packs/', import.meta.url));
export const SCHEMA_FILE = 'rule-pack.schema.json';

export class RulePackError extends Error {
  constructor(readonly issues: PackIssue[]) {
    super(`Invalid rule packs (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${formatIssues(issues)}`);
    this.name = 'RulePackError';
  }
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let cached: { dir: string; validate: Validator } | undefined;

function schemaValidator(dir: string): Validator {
  if (cached?.dir === dir) return cached.validate;
  const schema = JSON.parse(readFileSync(join(dir, SCHEMA_FILE), 'utf8')) as object;
  // Plain URL/format checks are done by patterns in the schema; ajv-formats is not needed here.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema) as Validator;
  cached = { dir, validate };
  return validate;
}

/** Ajv errors → {file, path, reason}; drops the noise of failed `oneOf`/`if` branches where a more specific error exists. */
export function schemaIssues(file: string, errors: readonly ErrorObject[]): PackIssue[] {
  const specific = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf');
  const out: PackIssue[] = [];
  const seen = new Set<string>();
  for (const e of specific) {
    let reason = `schema: ${e.message ?? e.keyword}`;
    if (e.keyword === 'additionalProperties')
      reason = `schema: unexpected property "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`;
    else if (e.keyword === 'required')
      reason = `schema: missing required property "${String((e.params as { missingProperty?: string }).missingProperty)}"`;
    else if (e.keyword === 'enum')
      reason = `schema: must be one of ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}`;
    const key = `${e.instancePath}\u0000${reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, path: e.instancePath, reason });
  }
  return out;
}

/** Validate already-read pack files (name → parsed JSON or a parse error). */
export function checkPackSources(
  sources: readonly PackSource[],
  dir = DEFAULT_PACK_DIR,
): { issues: PackIssue[]; resolved: Map<string, ResolvedPack> } {
  const validate = schemaValidator(dir);
  const issues: PackIssue[] = [];
  const good: PackSource[] = [];
  for (const s of sources) {
    if (!validate(s.pack)) issues.push(...schemaIssues(s.file, validate.errors ?? []));
    // Semantic checks run on everything: they are defensive, and report what the schema cannot see.
    good.push(s);
  }
  const semantic = validatePacks(good);
  return { issues: [...issues, ...semantic.issues], resolved: semantic.resolved };
}

/**
 * Load, validate and resolve every `*.json` pack in `dir` (except the schema).
 * Throws RulePackError listing all problems. Returns resolved packs by id.
 */
export function loadPacks(dir = DEFAULT_PACK_DIR, schemaDir = DEFAULT_PACK_DIR): Map<string, ResolvedPack> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== SCHEMA_FILE)
    .sort();
  const sources: PackSource[] = [];
  const issues: PackIssue[] = [];
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    try {
      sources.push({ file: basename(f), pack: JSON.parse(text) as unknown });
    } catch (e) {
      issues.push({ file: basename(f), path: '', reason: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const checked = checkPackSources(sources, schemaDir);
  issues.push(...checked.issues);
  if (issues.length > 0) throw new RulePackError(issues);
  return checked.resolved;
}
