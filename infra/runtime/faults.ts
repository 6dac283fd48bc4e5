// Fault injection: a small TCP proxy per dependency of a stack instance (each resource and each
// service), between the instance's services and what they call. Tests talk to services and
// resources directly; services reach each other and their infrastructure only through these
// proxies, so a test can make one dependency of its own instance fail and restore it while
// other workers' stacks carry on untouched.
//
// Modes:  pass    forward bytes both ways (the default)
//         refuse  the port stops listening (ECONNREFUSED) and open connections are cut
//         stall   connections are accepted and kept, but no byte moves until restored
//         error   every new connection gets the protocol's own error answer (HTTP 503; Postgres
//                 ErrorResponse 57P03 "cannot connect now"), open connections are cut
import net from 'node:net';
import { freePort } from './ports.ts';

export type FaultMode = 'refuse' | 'stall' | 'error';
/** What `error` answers: HTTP 503, a Postgres ErrorResponse, or (tcp) a cut connection. */
export type Protocol = 'http' | 'postgres' | 'tcp';
export const FAULT_MODES: readonly FaultMode[] = ['refuse', 'stall', 'error'];

interface Pair {
  client: net.Socket;
  upstream?: net.Socket;
}

export class FaultProxy {
  private server?: net.Server;
  private mode: FaultMode | 'pass' = 'pass';
  private targetUp = true;
  private readonly pairs = new Set<Pair>();
  /** Connections held while stalled: connected upstream once restored. */
  private readonly held = new Set<Pair>();
  port = 0;

  constructor(
    readonly name: string,
    readonly protocol: Protocol,
    private readonly target: { host: string; port: number },
  ) {}

  get current(): FaultMode | 'pass' {
    return this.mode;
  }

  /** Connections accepted while stalled, waiting for the restore. */
  get heldCount(): number {
    return this.held.size;
  }

  /** Listens on a free loopback port (or `port`, when re-opened after `refuse`). */
  async listen(port = 0): Promise<number> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  async set(mode: FaultMode | 'pass'): Promise<void> {
    if (mode === this.mode) return;
    const previous = this.mode;
    this.mode = mode;
    if (mode === 'refuse' || mode === 'error') this.cutAll();
    await this.syncListening();
    if (previous === 'stall') {
      const held = [...this.held];
      this.held.clear();
      if (mode === 'pass') for (const pair of this.pairs) if (pair.upstream) this.pipe(pair);
      for (const pair of held) {
        if (mode === 'pass') this.connect(pair);
        else this.cut(pair);
      }
    }
    if (mode === 'stall') {
      for (const pair of this.pairs) {
        pair.client.unpipe();
        pair.upstream?.unpipe();
        pair.client.pause();
        pair.upstream?.pause();
      }
    }
  }

  /**
   * Mirrors the target's own state: while a service is stopped its proxy stops listening too,
   * so callers see what they would see without a proxy (ECONNREFUSED), not an accepted
   * connection that is then cut.
   */
  async targetState(up: boolean): Promise<void> {
    if (up === this.targetUp) return;
    this.targetUp = up;
    await this.syncListening();
  }

  async close(): Promise<void> {
    this.cutAll();
    await this.closeServer();
  }

  /** Listens exactly when the target is up and no `refuse` fault is set. */
  private async syncListening(): Promise<void> {
    const listening = this.targetUp && this.mode !== 'refuse';
    if (listening && !this.server) await this.listen(this.port);
    if (!listening && this.server) {
      this.cutAll();
      await this.closeServer();
    }
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    const pair: Pair = { client };
    this.pairs.add(pair);
    client.once('close', () => this.cut(pair));
    if (this.mode === 'error') return this.answerError(pair);
    if (this.mode === 'stall') {
      client.pause();
      this.held.add(pair);
      return;
    }
    this.connect(pair);
  }

  private connect(pair: Pair): void {
    const upstream = net.connect(this.target);
    pair.upstream = upstream;
    upstream.on('error', () => this.cut(pair));
    upstream.once('close', () => this.cut(pair));
    this.pipe(pair);
  }

  private pipe(pair: Pair): void {
    pair.client.pipe(pair.upstream!);
    pair.upstream!.pipe(pair.client);
    pair.client.resume();
    pair.upstream!.resume();
  }

  private answerError(pair: Pair): void {
    const { client } = pair;
    if (this.protocol === 'tcp') return void client.destroy();
    if (this.protocol === 'http') {
      const body = JSON.stringify({ error: 'fault_injected', message: `${this.name} is failing on purpose (fault injection: error)` });
      client.end(`HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    // Postgres: answer an SSLRequest with 'N', then the startup message with an ErrorResponse.
    client.on('data', (chunk: Buffer) => {
      if (chunk.length === 8 && chunk.readInt32BE(4) === 80877103) return void client.write('N');
      const fields = Buffer.concat(
        [['S', 'FATAL'], ['V', 'FATAL'], ['C', '57P03'], ['M', `${this.name} is failing on purpose (fault injection: error)`]].map(([k, v]) => Buffer.from(`${k}${v}\0`)),
      );
      const message = Buffer.alloc(5);
      message.write('E', 0);
      message.writeInt32BE(4 + fields.length + 1, 1);
      client.end(Buffer.concat([message, fields, Buffer.from([0])]));
    });
  }

  private cut(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    this.held.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  }

  private cutAll(): void {
    for (const pair of [...this.pairs]) this.cut(pair);
  }

  private async closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** An instance's proxies by dependency name, and the faults set on them. */
export class FaultPanel {
  private readonly proxies = new Map<string, FaultProxy>();

  /** A proxy in front of `target` (host:port); returns the port services should use instead. */
  async add(name: string, protocol: Protocol, target: { host: string; port: number }): Promise<number> {
    const existing = this.proxies.get(name);
    if (existing) return existing.port;
    const proxy = new FaultProxy(name, protocol, target);
    this.proxies.set(name, proxy);
    // From freePort, not listen(0): the OS could hand it a port just named for a service.
    return proxy.listen(await freePort());
  }

  names(): string[] {
    return [...this.proxies.keys()];
  }

  /** Dependencies with a fault set now, and which. */
  active(): Record<string, FaultMode> {
    return Object.fromEntries([...this.proxies].flatMap(([n, p]) => (p.current === 'pass' ? [] : [[n, p.current as FaultMode]])));
  }

  async inject(name: string, mode: FaultMode): Promise<void> {
    if (!FAULT_MODES.includes(mode)) throw new Error(`fault mode "${String(mode)}" is not one of ${FAULT_MODES.join(', ')}`);
    await this.proxy(name).set(mode);
  }

  /** Restores one dependency, or every one. */
  async restore(name?: string): Promise<void> {
    const targets = name === undefined ? [...this.proxies.values()] : [this.proxy(name)];
    await Promise.all(targets.map((p) => p.set('pass')));
  }

  /** Tells a dependency's proxy whether its target is running (see FaultProxy.targetState). */
  async targetState(name: string, up: boolean): Promise<void> {
    await this.proxies.get(name)?.targetState(up);
  }

  async close(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.close()));
    this.proxies.clear();
  }

  private proxy(name: string): FaultProxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw new Error(`no dependency "${name}" to fault (this instance has ${this.names().join(', ')})`);
    return proxy;
  }
}

/** host:port of a URL (http(s)://, postgres://, mongodb://), defaulting the port by scheme. */
export function addressOf(url: string): { host: string; port: number } {
  const u = new URL(url);
  const defaults: Record<string, number> = { 'http:': 80, 'https:': 443, 'postgres:': 5432, 'postgresql:': 5432, 'mongodb:': 27017 };
  return { host: u.hostname, port: u.port ? Number(u.port) : (defaults[u.protocol] ?? 0) };
}

/** The same URL pointing at the proxy on 127.0.0.1:port. */
export function viaPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
}
