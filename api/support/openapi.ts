// Checks live responses against a service's published OpenAPI document (dereferenced).
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect, type APIResponse } from '@playwright/test';

export type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** `check(method, route, res)`: the response's status is documented for the route and its JSON body matches that schema. */
export function matcher(doc: Doc) {
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  const checked = new Set<string>();
  const check = async (method: string, route: string, res: APIResponse) => {
    const status = String(res.status());
    const documented = doc.paths[route]?.[method]?.responses?.[status];
    expect(documented, `${method.toUpperCase()} ${route} documents ${status}`).toBeDefined();
    const json = documented!.content?.['application/json']?.schema;
    if (json) {
      const validate = ajv.compile(json);
      const body = await res.json();
      expect(validate(body) ? [] : validate.errors, `${method.toUpperCase()} ${route} ${status} matches its schema`).toEqual([]);
    }
    checked.add(`${method} ${route}`);
  };
  return { check, checked };
}
