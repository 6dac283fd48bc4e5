import { openDocstore, type Docstore, type DocstoreSettings } from '../../services/shared/src/docstore.ts';
import { requireContainerRuntime } from './container-runtime.ts';
import { createDatabase, databaseUrl, dropDatabases } from './databases.ts';
import { externalServers } from './select.ts';
import type { ResourceProvider, ResourceTypes, Started } from './types.ts';

type DocstoreServer = ResourceTypes['docstore']['server'];

/** MongoDB, pinned. */
export const MONGODB_IMAGE = 'mongo:8.0.12';

async function startContainerMongo(): Promise<Started<DocstoreServer>> {
  await requireContainerRuntime();
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const container = await new MongoDBContainer(MONGODB_IMAGE).start();
  return {
    // The container runs a one-node replica set that advertises its internal host name.
    endpoint: { kind: 'mongodb', url: `${container.getConnectionString()}?directConnection=true` },
    pids: [],
    stop: async () => {
      await container.stop();
    },
  };
}

async function withDocstore<T>(settings: DocstoreSettings, fn: (store: Docstore) => Promise<T>): Promise<T> {
  const store = openDocstore(settings);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * A document store: MongoDB where one can run (containers, external), else JSON documents in
 * Postgres (no MongoDB server installs on these machines). Each instance gets a database of its
 * own, with its collections created, and loses it at the end.
 */
export const docstore: ResourceProvider<'docstore'> = {
  kind: 'docstore',
  needsPort: () => false,
  async start({ infra, env, server }) {
    if (infra === 'external') return { endpoint: externalServers(['docstore'], env).docstore, pids: [], stop: async () => undefined };
    if (infra === 'containers') return startContainerMongo();
    // Embedded: the run's own Postgres, which the run starts (or already has) for it.
    return { endpoint: { kind: 'postgres', url: (await server('postgres')).adminUrl }, pids: [], stop: async () => undefined };
  },
  prepare: async () => ({}),
  unprepare: async () => undefined,
  async allocate(server, declaration, _prepared, name) {
    const database = `${name}_docs`;
    let settings: DocstoreSettings;
    if (server.kind === 'postgres') {
      await createDatabase(server.url, database);
      settings = { kind: 'postgres', url: databaseUrl(server.url, database), database };
    } else {
      settings = { kind: 'mongodb', url: server.url, database };
    }
    await withDocstore(settings, async (store) => {
      for (const collection of declaration.collections) await store.ensureCollection(collection);
    });
    return { ...settings, collections: declaration.collections };
  },
  route: async (settings, through) => ({ ...settings, url: await through(settings.kind === 'postgres' ? 'postgres' : 'tcp', settings.url) }),
  async release(server, settings) {
    if (server.kind === 'postgres') {
      await dropDatabases(server.url, [settings.database]);
      return;
    }
    // MongoDB removes a database with its last collection.
    await withDocstore(settings, async (store) => {
      for (const collection of settings.collections) await store.dropCollection(collection);
    });
  },
};
