// One simulation at a time per heavy worker: jobs run strictly in arrival order; a job learns
// how many were ahead of it (running or waiting) when it arrived.
export interface QueueTicket {
  /** Jobs ahead of this one at arrival (0 = ran at once). */
  position: number;
  waited_ms: number;
  started_at: string;
  finished_at?: string;
}

export class SimulationQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  get length(): number {
    return this.pending;
  }

  /** Runs `job` after every earlier job; `onQueued` fires at once when it has to wait. */
  run<T>(job: (ticket: QueueTicket) => Promise<T>, onQueued?: (position: number) => Promise<void> | void): Promise<T> {
    const position = this.pending;
    this.pending++;
    const arrived = performance.now();
    const queued = position > 0 && onQueued ? Promise.resolve(onQueued(position)).catch(() => undefined) : Promise.resolve();
    const result = Promise.all([this.tail, queued]).then(() => {
      const ticket: QueueTicket = { position, waited_ms: Math.round(performance.now() - arrived), started_at: new Date().toISOString() };
      return job(ticket).finally(() => {
        ticket.finished_at = new Date().toISOString();
      });
    });
    this.tail = result.catch(() => undefined).finally(() => {
      this.pending--;
    });
    return result;
  }
}
