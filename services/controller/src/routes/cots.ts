// The COTS catalog, read-only: GET /cots/search, /cots/parts/{part_id}, /cots/parts?ids=,
// /cots/catalog. Every other method on /cots/* is 405 (documented on each path) and touches
// nothing; the tables also refuse writes at the Postgres level (migrations/…_cots-catalog.sql).
import type { FastifyReply } from 'fastify';
import { errors, sendError } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { CotsCatalogResponse, CotsPartParams, CotsPartResponse, CotsPartsQuery, CotsPartsResponse, CotsSearchQuery, CotsSearchResponse } from '../cots/schemas.ts';
import { CatalogNotLoaded, SearchParamError, type CotsStore } from '../cots/store.ts';
import { AuthHeaders } from '../schemas.ts';

const tags = ['cots'];
const MUTATIONS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const MAX_IDS = 100;

async function guarded<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SearchParamError) return sendError(reply, 400, 'validation_failed', error.message, error.field);
    if (error instanceof CatalogNotLoaded) return sendError(reply, 503, 'catalog_unavailable', error.message);
    throw error;
  }
}

const readOnly = (reply: FastifyReply, method: string, url: string) =>
  sendError(reply.header('allow', 'GET'), 405, 'method_not_allowed', `${method} ${url.split('?')[0]} refused: the COTS catalog is read-only (GET only); it changes only with a new catalog data file and version`);

export function registerCotsRoutes(app: Service, store: CotsStore): void {
  app.get(
    '/cots/search',
    {
      schema: {
        summary: 'Search the COTS catalog: free text, category, max price and max weight',
        description:
          'Every term of `q` must match (token prefix over part ID, name, category, manufacturer, spec keys and values; plurals folded). ' +
          'Results rank by where terms matched (ID > name, category > manufacturer > specs), then price. Each result carries a `fit_rationale`; ' +
          'an empty answer carries `no_match_rationale` and `excluded_by` naming the term or filter that excluded the parts. ' +
          'Numbers are query strings (`max_price=20`); a bad value → 400 naming the parameter.',
        tags,
        headers: AuthHeaders,
        querystring: CotsSearchQuery,
        response: { 200: CotsSearchResponse, ...errors(400, 401, 503) },
      },
    },
    async (request, reply) => guarded(reply, () => store.search(request.query)),
  );

  app.get(
    '/cots/catalog',
    {
      schema: {
        summary: 'The loaded COTS catalog: version, generated_at, snapshot hash and counts',
        tags,
        headers: AuthHeaders,
        response: { 200: CotsCatalogResponse, ...errors(401, 503) },
      },
    },
    async (_request, reply) =>
      guarded(reply, async () => {
        const snap = await store.snapshot();
        return {
          catalog_version: snap.catalog_version,
          generated_at: snap.generated_at,
          snapshot_hash: snap.snapshot_hash,
          count: snap.parts.length,
          categories: snap.categories.map((name) => ({ name, count: snap.parts.filter((p) => p.category === name).length })),
        };
      }),
  );

  app.get(
    '/cots/parts',
    {
      schema: {
        summary: 'Several catalog parts by ID (the heavy worker prices assembly COTS lines with it)',
        description: `\`ids\`: comma-separated, at most ${MAX_IDS}. Unknown IDs are listed in \`unknown\`, not an error.`,
        tags,
        headers: AuthHeaders,
        querystring: CotsPartsQuery,
        response: { 200: CotsPartsResponse, ...errors(400, 401, 503) },
      },
    },
    async (request, reply) =>
      guarded(reply, async () => {
        const ids = request.query.ids.split(',').map((s) => s.trim()).filter(Boolean);
        if (!ids.length || ids.length > MAX_IDS) return sendError(reply, 400, 'validation_failed', `querystring.ids must name 1..${MAX_IDS} part IDs`, 'querystring.ids');
        const { snapshot, found, unknown } = await store.parts(ids);
        return { catalog_version: snapshot.catalog_version, snapshot_hash: snapshot.snapshot_hash, parts: found, unknown };
      }),
  );

  app.get(
    '/cots/parts/:part_id',
    {
      schema: {
        summary: 'One catalog part by ID',
        tags,
        headers: AuthHeaders,
        params: CotsPartParams,
        response: { 200: CotsPartResponse, ...errors(400, 401, 404, 503) },
      },
    },
    async (request, reply) =>
      guarded(reply, async () => {
        const { part_id } = request.params;
        const { snapshot, found } = await store.parts([part_id]);
        const part = found[0];
        if (!part) return sendError(reply, 404, 'not_found', `no COTS part ${part_id} in catalog ${snapshot.catalog_version}`, 'params.part_id');
        return { ...part, catalog_version: snapshot.catalog_version, snapshot_hash: snapshot.snapshot_hash };
      }),
  );

  // Mutations: documented 405 on every catalog path; a hidden catch-all covers any other /cots/ path.
  for (const url of ['/cots/search', '/cots/catalog', '/cots/parts', '/cots/parts/:part_id']) {
    app.route({
      method: [...MUTATIONS],
      url,
      schema: {
        summary: 'Refused: the COTS catalog is read-only',
        description: 'Always 405 with `Allow: GET`; nothing is changed (the tables also refuse writes in Postgres).',
        tags,
        headers: AuthHeaders,
        ...(url.includes(':part_id') ? { params: CotsPartParams } : {}),
        response: errors(401, 405),
      },
      // Before the body is parsed (after the API-key check): a malformed or odd body still gets 405.
      onRequest: async (request, reply) => readOnly(reply, request.method, request.url),
      handler: async (request, reply) => readOnly(reply, request.method, request.url),
    });
  }
  app.route({
    method: [...MUTATIONS],
    url: '/cots/*',
    schema: { hide: true },
    onRequest: async (request, reply) => readOnly(reply, request.method, request.url),
    handler: async (request, reply) => readOnly(reply, request.method, request.url),
  });
}
