import SwaggerParser from '@apidevtools/swagger-parser';
import { test, expect } from '../fixtures/workbench.ts';
import { putAssembly } from '../fixtures/workbench/assembly.ts';

test.describe('OpenAPI', () => {
  test('INT-062 the light worker publishes a valid OpenAPI 3 document listing every workspace route', { tag: ['@p0', '@INT-062'] }, async ({
    workerLight,
  }) => {
    const doc = await test.step('GET /openapi.json answers JSON without a session header', async () => {
      const res = await workerLight.get('/openapi.json');
      expect(res.status()).toBe(200);
      return res.json();
    });

    await test.step('it validates as OpenAPI 3', async () => {
      expect(doc.openapi).toMatch(/^3\./);
      await SwaggerParser.validate(structuredClone(doc));
    });

    await test.step('every contract route is listed with its method', async () => {
      const routes: [string, string][] = [
        ['get', '/health'],
        ...['ls', 'exists', 'read', 'write', 'edit', 'delete', 'grep', 'upload', 'read_blob', 'bundle'].map((r): [string, string] => ['post', `/fs/${r}`]),
        ['post', '/runtime/execute'],
        ['get', '/assets/{*}'],
      ];
      for (const [method, route] of routes) {
        expect(doc.paths[route]?.[method], `${method.toUpperCase()} ${route}`).toBeDefined();
      }
    });

    await test.step('session routes declare the X-Session-ID header and JSON error responses', async () => {
      for (const [route, item] of Object.entries(doc.paths as Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[]; responses: Record<string, unknown> }>>)) {
        if (route === '/health') continue;
        for (const op of Object.values(item)) {
          expect(op.parameters?.some((p) => p.in === 'header' && p.name === 'x-session-id' && p.required), route).toBe(true);
          expect(Object.keys(op.responses), route).toContain('400');
        }
      }
      expect(doc.paths['/fs/upload'].post.requestBody.content).toHaveProperty('multipart/form-data');
      expect(doc.paths['/fs/bundle'].post.responses['200'].content).toHaveProperty('application/gzip');
      expect(doc.paths['/assets/{*}'].get.description).toContain('Source code <file> has syntax errors.');
    });
  });
});

test.describe('OpenAPI (heavy worker)', () => {
  test('INT-062 the heavy worker publishes a valid OpenAPI 3 document with the benchmark endpoints', { tag: ['@p0', '@INT-062'] }, async ({ workerHeavy, workerLight, sessionId }) => {
    const doc = await test.step('GET /openapi.json answers and validates as OpenAPI 3', async () => {
      const res = await workerHeavy.get('/openapi.json');
      expect(res.status()).toBe(200);
      const body = await res.json();
      await SwaggerParser.validate(structuredClone(body));
      return body;
    });
    await test.step('validate, simulate, verify and submit are listed with the session header, request body and BenchmarkToolResponse', async () => {
      for (const route of ['/benchmark/validate', '/benchmark/simulate', '/benchmark/verify', '/benchmark/submit']) {
        const op = doc.paths[route]?.post;
        expect(op, route).toBeDefined();
        expect(op.parameters.some((p: { in: string; name: string; required?: boolean }) => p.in === 'header' && p.name === 'x-session-id' && p.required)).toBe(true);
        const response = op.responses['200'].content['application/json'].schema;
        expect(Object.keys(response.properties)).toEqual(expect.arrayContaining(['success', 'message', 'confidence', 'artifacts', 'events']));
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
      }
      expect(doc.paths['/benchmark/simulate'].post.requestBody.content['application/json'].schema.properties.script_path.description).toContain('workbench/cad');
      expect(doc.paths['/benchmark/verify'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('jitter_range');
      // The documented refusals: outputs under read-only prefixes, an unusable jitter override; where submit's manifest goes.
      expect(Object.keys(doc.paths['/benchmark/simulate'].post.responses)).toContain('403');
      expect(Object.keys(doc.paths['/benchmark/verify'].post.responses)).toContain('422');
      const submit = doc.paths['/benchmark/submit'].post;
      expect(Object.keys(submit.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['script_path', 'bundle_base64']));
      expect(submit.description).toContain('review_manifest.json');
      expect(submit.description).toContain('successful POST /benchmark/validate');
    });
    await test.step('a real simulate response matches the documented shape', async () => {
      for (const [path, content] of [
        ['script.ts', "import { box, part } from 'workbench/cad';\nexport default () => [part('floor', box([0.8, 0.8, 0.02]).translate(0, 0, -0.01), { material_id: 'steel', fixed: true })];\n"],
        ['objectives.yaml', 'objectives:\n  goal_zone: {min: [0.3, 0.3, 0], max: [0.4, 0.4, 0.08]}\n  build_zone: {min: [-0.5, -0.5, -0.1], max: [0.5, 0.5, 0.5]}\nsimulation_bounds: {min: [-1, -1, -0.2], max: [1, 1, 1]}\nmoved_object: {label: ball, shape: sphere, radius: 0.01, start_position: [0.35, 0.35, 0.2]}\n'],
      ]) {
        expect((await workerLight.post('/fs/write', { headers: { 'X-Session-ID': sessionId }, data: { path, content } })).status()).toBe(200);
      }
      expect((await putAssembly(workerLight, sessionId))?.success).toBe(true); // simulate needs a successful validate-and-price
      const res = await workerHeavy.post('/benchmark/simulate', { headers: { 'X-Session-ID': sessionId }, data: { smoke_test_mode: false, seed: 5 } }); // full run: success needs 0.5 s at rest in the goal
      const body = await res.json();
      const schema = doc.paths['/benchmark/simulate'].post.responses['200'].content['application/json'].schema;
      for (const key of schema.required) expect(body, key).toHaveProperty(key);
      expect(body.success).toBe(true);
      expect(Object.keys(body.artifacts)).toEqual(expect.arrayContaining(['failure', 'time_elapsed_s', 'render_paths', 'scene', 'seed', 'variant_id']));
      expect(schema.properties.artifacts.properties.failure).toBeDefined();
      // every documented top-level field has the documented type
      const types: Record<string, string> = { success: 'boolean', message: 'string', confidence: 'number', artifacts: 'object', events: 'object', problems: 'object' };
      for (const [key, prop] of Object.entries(schema.properties as Record<string, { type: string }>)) {
        expect(prop.type === 'array' ? 'object' : prop.type === 'integer' ? 'number' : prop.type, key).toBe(types[key]);
        if (!schema.required.includes(key) && !(key in body)) continue; // optional (problems: validate and its gates)
        expect(typeof body[key], key).toBe(types[key]);
      }
    });
    await test.step('a real submit refusal matches the same documented shape', async () => {
      // A script never validated (it does not exist): refused, whatever the validated script.ts would get.
      const res = await workerHeavy.post('/benchmark/submit', { headers: { 'X-Session-ID': sessionId }, data: { script_path: 'other.ts' } });
      expect(res.status()).toBe(200);
      const body = await res.json();
      const schema = doc.paths['/benchmark/submit'].post.responses['200'].content['application/json'].schema;
      for (const key of schema.required) expect(body, key).toHaveProperty(key);
      expect(body).toMatchObject({ success: false, artifacts: { failure: { reason: 'VALIDATION_FAILED' } } });
    });
  });
});
