import SwaggerParser from '@apidevtools/swagger-parser';
import { test, expect } from '../fixtures/index.ts';

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
