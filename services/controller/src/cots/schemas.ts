// Wire types of the COTS routes (TypeBox: validation, serializer and OpenAPI at once).
import { Type } from 'typebox';
import { MAX_LIMIT } from './search.ts';

const SpecValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

const partFields = {
  part_id: Type.String({ description: 'catalog ID, e.g. FST-M5X16-SHCS' }),
  name: Type.String(),
  category: Type.String({ description: 'fastener, motor, bearing, gear, belt, pulley, shaft, coupling, spring, wheel, structural, linear_motion' }),
  manufacturer: Type.String(),
  specs: Type.Record(Type.String(), SpecValue, { description: 'flat key → value; units in the key name (_mm, _nm, _n, _v, _a, _rpm)' }),
  price: Type.Number({ description: 'USD per unit (quantity 1-10), as of generated_at' }),
  weight_g: Type.Number({ description: 'grams per unit' }),
  source: Type.String({ description: 'the manufacturer or distributor catalog reference the numbers come from' }),
};

export const CotsPart = Type.Object(partFields);

const snapshotFields = {
  catalog_version: Type.String({ description: 'the loaded catalog version (data file catalog_version)' }),
  snapshot_hash: Type.String({ description: 'sha256 (hex) of the canonical catalog, recomputed from the rows this answer was read from' }),
};

export const CotsSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'free text; every term must match the part ID, name, category, manufacturer or specs (token prefix, plurals folded)' })),
    category: Type.Optional(Type.String({ maxLength: 64, description: 'exact category; 400 naming the known categories otherwise' })),
    max_price: Type.Optional(Type.String({ maxLength: 32, description: 'USD, inclusive; a positive decimal number' })),
    max_weight_g: Type.Optional(Type.String({ maxLength: 32, description: 'grams, inclusive; a positive decimal number' })),
    limit: Type.Optional(Type.String({ maxLength: 8, description: `1..${MAX_LIMIT}, default 10` })),
    api_key: Type.Optional(Type.String({ description: 'the API key, where a header cannot be set' })),
  },
  { additionalProperties: false },
);

export const CotsSearchResult = Type.Object({
  ...partFields,
  fit_rationale: Type.String({ description: 'why this part matches: the query terms and where they matched, and each filter it passes' }),
  score: Type.Number({ description: 'ranking score (higher first): the best field weight each term hit' }),
});

export const CotsSearchResponse = Type.Object({
  ...snapshotFields,
  generated_at: Type.String(),
  query: Type.Object(
    {
      q: Type.Optional(Type.String()),
      category: Type.Optional(Type.String()),
      max_price: Type.Optional(Type.Number()),
      max_weight_g: Type.Optional(Type.Number()),
      limit: Type.Integer(),
    },
    { description: 'the search as applied' },
  ),
  results: Type.Array(CotsSearchResult),
  total_matches: Type.Integer({ description: 'parts matching before `limit`' }),
  no_match_rationale: Type.Optional(Type.String({ description: 'present when results is empty: which term or filter excluded what' })),
  excluded_by: Type.Optional(
    Type.Object(
      { q: Type.Optional(Type.Integer()), category: Type.Optional(Type.Integer()), max_price: Type.Optional(Type.Integer()), max_weight_g: Type.Optional(Type.Integer()) },
      { description: 'present when results is empty: how many parts each criterion excluded (filters counted among the parts matching q)' },
    ),
  ),
});

export const CotsPartParams = Type.Object({ part_id: Type.String({ minLength: 1, maxLength: 128, description: 'catalog part ID' }) });

export const CotsPartResponse = Type.Object({ ...partFields, ...snapshotFields });

export const CotsPartsQuery = Type.Object(
  {
    ids: Type.String({ minLength: 1, maxLength: 8000, description: 'comma-separated part IDs, at most 100' }),
    api_key: Type.Optional(Type.String({ description: 'the API key, where a header cannot be set' })),
  },
  { additionalProperties: false },
);

export const CotsPartsResponse = Type.Object({
  ...snapshotFields,
  parts: Type.Array(CotsPart, { description: 'the requested parts the catalog has, in request order' }),
  unknown: Type.Array(Type.String(), { description: 'requested IDs the catalog does not have' }),
});

export const CotsCatalogResponse = Type.Object({
  ...snapshotFields,
  generated_at: Type.String({ description: 'when the catalog data was compiled (ISO 8601 UTC)' }),
  count: Type.Integer({ description: 'number of parts' }),
  categories: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() })),
});
