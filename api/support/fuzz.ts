// Schema-driven fuzzing (INT-044): requests generated from a service's live OpenAPI document with
// fast-check — mostly well-formed values drawn from each parameter's and body's JSON Schema, with
// some fields swapped for junk of another type and unknown keys added — sent for real; every
// answer must be below 500, documented for its route, match that status's schema, and come
// within a deadline. A failure is shrunk by fast-check to a minimal request and reported with the
// seed and path that replay it (`FUZZ_SEED`, `FUZZ_PATH`).
import fc from 'fast-check';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Schema = Record<string, any>;

export interface Operation {
  method: string;
  /** The OpenAPI path template, e.g. `/episodes/{id}`. */
  route: string;
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }[];
  body?: Schema;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface FuzzRequest {
  method: string;
  /** The route with its path parameters filled (URL-encoded). */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

export interface FuzzAnswer {
  status: number;
  text: string;
}

export type Send = (request: FuzzRequest) => Promise<FuzzAnswer>;

export interface FuzzOptions {
  numRuns: number;
  seed: number;
  /** Replays one shrunk case (fast-check's path), with `seed`. */
  path?: string;
  /** Headers every request carries (an API key, a session ID). */
  headers?: Record<string, string>;
}

export interface FuzzResult {
  operation: string;
  runs: number;
  seed: number;
  /** Present when a case failed: fast-check's minimal counterexample and why it failed. */
  failure?: { path: string; request: FuzzRequest; reason: string };
}

/** Every operation of a dereferenced OpenAPI 3 document, minus those `skip` names (`POST /agent/run`). */
export function operationsOf(doc: { paths: Record<string, Record<string, any>> }, skip: (id: string) => boolean = () => false): Operation[] {
  const ops: Operation[] = [];
  for (const [route, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      if (skip(`${method.toUpperCase()} ${route}`)) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .filter((p: any) => ['path', 'query', 'header'].includes(p.in))
        .map((p: any) => ({ name: p.name, in: p.in, required: Boolean(p.required || p.in === 'path'), schema: p.schema ?? {} }));
      ops.push({ method, route, params, body: op.requestBody?.content?.['application/json']?.schema, responses: op.responses ?? {} });
    }
  }
  return ops;
}

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', '../../etc/passwd', '\u0000', 'urn:uuid:00000000-0000-0000-0000-000000000000', '9'.repeat(40), '<script>', "'; DROP TABLE x; --"),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

/** Values of a JSON Schema: mostly valid, sometimes junk of another type (depth-bounded). */
export function valueOf(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const valid = validOf(schema ?? {}, depth);
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: junk });
}

function validOf(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives) && alternatives.length) return fc.oneof(...alternatives.map((a: Schema) => validOf(a, depth)));
  if (Array.isArray(s.allOf) && s.allOf.length) return validOf(Object.assign({}, ...s.allOf), depth);
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (!types.length) return depth > 2 ? fc.string({ maxLength: 8 }) : junk;
  const pick = types.map((t) => single(t, s, depth));
  return pick.length === 1 ? pick[0]! : fc.oneof(...pick);
}

function single(type: string, s: Schema, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string': {
      if (s.pattern) {
        try {
          return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 256));
        } catch {
          // a pattern fast-check cannot generate from: plain strings
        }
      }
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4102444800000) }).map((d) => d.toISOString());
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.max(s.minLength ?? 0, Math.min(s.maxLength ?? 24, 64)) });
    }
    case 'integer':
      return fc.integer({ min: Math.ceil(s.minimum ?? s.exclusiveMinimum ?? -1000), max: Math.floor(s.maximum ?? s.exclusiveMaximum ?? 1000) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      if (depth > 3) return fc.constant([]);
      return fc.array(valueOf(s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)) });
    case 'object': {
      const props: Record<string, Schema> = s.properties ?? {};
      if (depth > 3) return fc.constant({});
      const required: string[] = (s.required ?? []).filter((k: string) => k in props);
      const record = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueOf(v, depth + 1)])), { requiredKeys: required });
      // Sometimes a key the schema does not know.
      return fc.tuple(record, fc.option(fc.constantFrom('unexpected', '__proto__x', 'x'.repeat(64)), { freq: 4 })).map(([o, extra]) => (extra ? { ...o, [extra]: 1 } : o));
    }
    default:
      return junk;
  }
}

const asParam = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

/** Requests for one operation: path/query/header parameters and body from their schemas. */
export function requestsOf(op: Operation, headers: Record<string, string> = {}): fc.Arbitrary<FuzzRequest> {
  const params = op.params.map((p) => {
    const value = valueOf(p.schema).map(asParam);
    return p.required ? value.map((v) => [p, v] as const) : fc.option(value, { freq: 3 }).map((v) => [p, v] as const);
  });
  const body = op.body ? valueOf(op.body) : fc.constant(undefined);
  return fc.tuple(fc.tuple(...params), body).map(([values, b]) => {
    let path = op.route;
    const query: Record<string, string> = {};
    const extra: Record<string, string> = {};
    for (const [p, v] of values) {
      if (v === null || v === undefined) continue;
      // "." and ".." are dot-segments every URL parser removes (RFC 3986 §5.2.4): never a value a client can send.
      if (p.in === 'path') path = path.replace(`{${p.name}}`, v === '' || v === '.' || v === '..' ? '-' : encodeURIComponent(v));
      else if (p.in === 'query') query[p.name] = v;
      else extra[p.name] = v.replace(/[^\x20-\x7e]/g, '');
    }
    return { method: op.method.toUpperCase(), path, query, headers: { ...headers, ...extra }, ...(b !== undefined ? { body: b } : {}) };
  });
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Why an answer breaks the contract, or undefined when it keeps it. */
export function judge(op: Operation, answer: FuzzAnswer, compile: (schema: Schema) => ValidateFunction): string | undefined {
  if (answer.status >= 500) return `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`;
  const documented = op.responses[String(answer.status)];
  if (!documented) return `HTTP ${answer.status} is not documented for ${op.method.toUpperCase()} ${op.route} (documented: ${Object.keys(op.responses).join(', ')})`;
  const schema = documented.content?.['application/json']?.schema;
  if (!schema) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `HTTP ${answer.status} body is not JSON though its schema is: ${answer.text.slice(0, 200)}`;
  }
  const validate = compile(schema);
  return validate(body) ? undefined : `HTTP ${answer.status} body does not match its schema: ${JSON.stringify(validate.errors?.slice(0, 3))} in ${answer.text.slice(0, 200)}`;
}

/** Fuzzes one operation; never throws for a contract break — it returns it, shrunk. */
export async function fuzzOperation(op: Operation, send: Send, options: FuzzOptions): Promise<FuzzResult> {
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  const compiled = new Map<Schema, ValidateFunction>();
  const compile = (schema: Schema) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile(schema)));
    return v;
  };
  let reason = '';
  const property = fc.asyncProperty(requestsOf(op, options.headers), async (request) => {
    let answer: FuzzAnswer;
    try {
      answer = await send(request);
    } catch (error) {
      reason = `no answer: ${(error as Error).message.split('\n')[0]}`;
      return false;
    }
    const broken = judge(op, answer, compile);
    if (broken) reason = broken;
    return broken === undefined;
  });
  const details = await fc.check(property, { numRuns: options.numRuns, seed: options.seed, ...(options.path ? { path: options.path } : {}), endOnFailure: false });
  const operation = `${op.method.toUpperCase()} ${op.route}`;
  if (!details.failed || !details.counterexample) return { operation, runs: details.numRuns, seed: details.seed };
  // fast-check reruns the property while shrinking; run the minimal case once more for its reason.
  const request = details.counterexample[0] as FuzzRequest;
  try {
    reason = judge(op, await send(request), compile) ?? reason;
  } catch (error) {
    reason = `no answer: ${(error as Error).message.split('\n')[0]}`;
  }
  return { operation, runs: details.numRuns, seed: details.seed, failure: { path: details.counterexamplePath ?? '', request, reason } };
}
