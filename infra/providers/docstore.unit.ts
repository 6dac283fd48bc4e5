// The shared docstore client (services/shared/src/docstore.ts), which services and fixtures use.
// One set of behaviours, run against both adapters: Postgres through a real embedded server,
// MongoDB whenever MONGODB_URL names a reachable one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { test, expect } from '@playwright/test';
import { startEmbeddedPostgres } from './postgres.ts';
import { freePort } from '../runtime/ports.ts';
import { docstoreFromEnv, openDocstore, type Docstore, type DocstoreSettings } from '../../services/shared/src/docstore.ts';

interface Ep {
  episode_id: string;
  turn_id: string;
  side: string;
  seq: number;
  label: string | null;
  ok?: boolean;
}

const ep = (n: number, extra: Partial<Ep> = {}): Ep => ({ episode_id: `ep_${n}`, turn_id: `turn_${n % 3}`, side: n % 2 ? 'left' : 'right', seq: n, label: `l${n}`, ...extra });

type Adapter = { name: string; setup: () => Promise<{ settings: DocstoreSettings; stop: () => Promise<void> }> };

const adapters: Adapter[] = [
  {
    name: 'postgres',
    setup: async () => {
      const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'docstore-pg-'));
      fs.rmSync(dir, { recursive: true });
      const started = await startEmbeddedPostgres(dir, await freePort());
      const admin = new pg.Client({ connectionString: started.endpoint.adminUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE docstore_test');
      await admin.end();
      const url = started.endpoint.adminUrl.replace(/\/postgres$/, '/docstore_test');
      return { settings: { kind: 'postgres', url, database: '' }, stop: started.stop };
    },
  },
  {
    name: 'mongodb',
    setup: async () => {
      const url = process.env.MONGODB_URL!;
      const database = `docstore_test_${process.pid}_${Date.now()}`;
      return { settings: { kind: 'mongodb', url, database }, stop: async () => undefined };
    },
  },
];

for (const adapter of adapters) {
  test.describe(`docstore (${adapter.name})`, () => {
    test.describe.configure({ mode: 'default', timeout: 60_000 });
    let store: Docstore;
    let stop: () => Promise<void> = async () => undefined;

    test.beforeAll(async () => {
      test.skip(adapter.name === 'mongodb' && !process.env.MONGODB_URL, 'no MongoDB reachable: set MONGODB_URL');
      test.setTimeout(120_000);
      const env = await adapter.setup();
      stop = env.stop;
      store = openDocstore(env.settings);
    });

    test.afterAll(async () => {
      if (!store) return;
      await store.dropCollection('episodes_t').catch(() => undefined);
      await store.close();
      await stop();
    });

    test('ensureCollection and dropCollection are idempotent; a missing collection reads empty', async () => {
      await store.dropCollection('never_made');
      expect(await store.collection<Ep>('never_made').find({})).toEqual([]);
      expect(await store.collection<Ep>('never_made').countDocuments()).toBe(0);
      expect(await store.collection<Ep>('never_made').deleteMany({ side: 'left' })).toBe(0);
      await Promise.all([store.ensureCollection('episodes_t'), store.ensureCollection('episodes_t')]);
      await store.ensureCollection('episodes_t');
      await store.dropCollection('episodes_t');
      await store.dropCollection('episodes_t');
      await store.ensureCollection('episodes_t');
      expect(await store.collection<Ep>('episodes_t').countDocuments()).toBe(0);
    });

    test('insertMany then find by equality returns the documents as inserted, without _id', async () => {
      const coll = store.collection<Ep>('episodes_t');
      await coll.deleteMany({});
      const docs = [ep(1), ep(2, { ok: true }), ep(3, { label: null })];
      await coll.insertMany(docs);
      expect(docs[0]).not.toHaveProperty('_id'); // the caller's objects are not mutated
      const one = await coll.findOne({ episode_id: 'ep_2' });
      expect(one).toEqual(ep(2, { ok: true }));
      expect(await coll.findOne({ episode_id: 'nope' })).toBeNull();
      expect(await coll.find({ side: 'left' }, { sort: { seq: 1 } })).toEqual([ep(1), ep(3, { label: null })]);
      expect(await coll.find({ side: 'left', seq: 3 })).toEqual([ep(3, { label: null })]);
      expect(await coll.find({ ok: true })).toEqual([ep(2, { ok: true })]);
      // null matches a null field and a missing one, as in MongoDB
      expect((await coll.find({ label: null })).map((d) => d.episode_id)).toEqual(['ep_3']);
      expect((await coll.find({ ok: null }, { sort: { seq: 1 } })).map((d) => d.episode_id)).toEqual(['ep_1', 'ep_3']);
      expect(await coll.countDocuments()).toBe(3);
      expect(await coll.countDocuments({ side: 'right' })).toBe(1);
    });

    test('sorts numbers numerically in both directions, with a limit', async () => {
      const coll = store.collection<Ep>('episodes_t');
      await coll.deleteMany({});
      await coll.insertMany([ep(10), ep(9), ep(100), ep(2), ep(1.5)]);
      expect((await coll.find({}, { sort: { seq: 1 } })).map((d) => d.seq)).toEqual([1.5, 2, 9, 10, 100]);
      expect((await coll.find({}, { sort: { seq: -1 } })).map((d) => d.seq)).toEqual([100, 10, 9, 2, 1.5]);
      expect((await coll.find({}, { sort: { seq: -1 }, limit: 2 })).map((d) => d.seq)).toEqual([100, 10]);
      expect((await coll.find({}, { sort: { episode_id: 1 } })).map((d) => d.episode_id)).toEqual(['ep_1.5', 'ep_10', 'ep_100', 'ep_2', 'ep_9']);
      expect((await coll.find({}, { sort: { side: 1, seq: -1 } })).map((d) => d.seq)).toEqual([9, 1.5, 100, 10, 2]);
    });

    test('deleteMany removes only matching documents and says how many', async () => {
      const coll = store.collection<Ep>('episodes_t');
      await coll.deleteMany({});
      await coll.insertMany([1, 2, 3, 4, 5, 6].map((n) => ep(n)));
      expect(await coll.deleteMany({ turn_id: 'turn_1' })).toBe(2);
      expect(await coll.countDocuments({ turn_id: 'turn_1' })).toBe(0);
      expect(await coll.countDocuments()).toBe(4);
      expect(await coll.deleteMany({ turn_id: 'turn_1' })).toBe(0);
    });

    test('insertMany is all or nothing', async () => {
      const coll = store.collection<Record<string, unknown>>('episodes_t');
      await coll.deleteMany({});
      // The second document fails after a valid first one: Postgres jsonb rejects \u0000,
      // MongoDB a duplicate _id.
      const batch =
        adapter.name === 'postgres'
          ? [{ episode_id: 'good' }, { episode_id: 'bad', text: 'a\u0000b' }]
          : [{ _id: 'dup', episode_id: 'good' }, { _id: 'dup', episode_id: 'bad' }];
      await expect(coll.insertMany(batch)).rejects.toThrow();
      // MongoDB's ordered insert stops at the failure but keeps what came before; the arena
      // deletes a failed turn's documents by turn_id, which covers both.
      if (adapter.name === 'postgres') expect(await coll.countDocuments()).toBe(0);
    });

    test('rejects collection and field names that are not plain identifiers', async () => {
      expect(() => store.collection('Bad-Name')).toThrow(/invalid collection name/);
      expect(() => store.collection('docs; drop table x')).toThrow(/invalid collection name/);
      await expect(store.ensureCollection('1abc')).rejects.toThrow(/invalid collection name/);
      await expect(store.collection('episodes_t').find({ "a'b": 1 })).rejects.toThrow(/invalid field name/);
      await expect(store.collection('episodes_t').find({}, { sort: { 'x->>y': 1 } })).rejects.toThrow(/invalid field name/);
    });
  });
}

test('docstoreFromEnv names the variable that is missing or wrong', () => {
  expect(() => docstoreFromEnv({})).toThrow(/DOCSTORE_KIND is required/);
  expect(() => docstoreFromEnv({ DOCSTORE_KIND: 'redis' })).toThrow(/DOCSTORE_KIND must be postgres or mongodb/);
  expect(() => docstoreFromEnv({ DOCSTORE_KIND: 'postgres' })).toThrow(/DOCSTORE_URL is required/);
  expect(() => docstoreFromEnv({ DOCSTORE_KIND: 'postgres', DOCSTORE_URL: 'mongodb://x' })).toThrow(/DOCSTORE_URL must be a postgres URL/);
  expect(() => docstoreFromEnv({ DOCSTORE_KIND: 'mongodb', DOCSTORE_URL: 'mongodb://127.0.0.1:27017' })).toThrow(/DOCSTORE_DATABASE is required/);
  expect(docstoreFromEnv({ DOCSTORE_KIND: 'postgres', DOCSTORE_URL: 'postgres://u:p@h/db' })).toEqual({ kind: 'postgres', url: 'postgres://u:p@h/db', database: '' });
  expect(docstoreFromEnv({ DOCSTORE_KIND: 'mongodb', DOCSTORE_URL: 'mongodb://h', DOCSTORE_DATABASE: 'arena' })).toEqual({ kind: 'mongodb', url: 'mongodb://h', database: 'arena' });
});
