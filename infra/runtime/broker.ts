// The test run's owner (Playwright's runner process, where global setup runs) owns the shared
// servers; its workers ask it, over loopback HTTP, for the stacks their tests use. The owner
// prepares a stack on its first request, so a run boots only what its selected tests need.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AttachState } from './attach.ts';
import type { PreparedStack } from './run.ts';

export type StackAnswer = { mode: 'attach'; state: AttachState } | { mode: 'boot'; prepared: PreparedStack };

export interface Broker {
  url: string;
  close(): Promise<void>;
}

export async function serveStacks(resolve: (stack: string) => Promise<StackAnswer>): Promise<Broker> {
  const server = http.createServer((req, res) => {
    const name = /^\/stacks\/([a-z][a-z0-9-]*)$/.exec(req.url ?? '')?.[1];
    const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST' || !name) return reply(404, { message: `no route ${req.method} ${req.url}` });
    resolve(name).then(
      (answer) => reply(200, answer),
      (error: Error) => reply(500, { message: error.message ?? String(error) }),
    );
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Asks the run's owner for a stack; its error (a failed build or infra start) becomes ours. */
export async function requestStack(brokerUrl: string, stack: string): Promise<StackAnswer> {
  const res = await fetch(`${brokerUrl}/stacks/${stack}`, { method: 'POST' });
  const body = (await res.json()) as StackAnswer | { message: string };
  if (!res.ok) throw new Error((body as { message: string }).message);
  return body as StackAnswer;
}
