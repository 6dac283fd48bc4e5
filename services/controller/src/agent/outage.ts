// The workflow engine's database, watched. DBOS rides out a lost database by retrying its own
// writes for as long as it takes, and a run whose database comes back in time should simply go
// on. One that was without it for longer than the budget must not: it ends failed, with the
// outage as its reason, instead of resuming on steps of unknown outcome (it would otherwise
// complete as if nothing had happened, or hang for ever while the database stays away).
import type pg from 'pg';

export interface Outage {
  startedAt: number;
  endedAt: number;
  lastError: string;
}

export class DatabaseWatch {
  private timer?: NodeJS.Timeout;
  private down?: { since: number; lastError: string; reported: boolean };
  private probing = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly budgetMs: number,
    private readonly on: {
      /** The database stopped answering (once per outage). */
      lost(error: string): void;
      /** The outage has now lasted longer than the budget (once per outage, while it lasts). */
      overBudget(outage: { startedAt: number; lastError: string }): void;
      /** The database answers again; `overBudget` says whether the outage outlasted the budget. */
      back(outage: Outage, overBudget: boolean): Promise<void>;
    },
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      await this.pool.query('SELECT 1');
      const down = this.down;
      if (down) {
        this.down = undefined;
        const outage = { startedAt: down.since, endedAt: Date.now(), lastError: down.lastError };
        await this.on.back(outage, outage.endedAt - outage.startedAt > this.budgetMs);
      }
    } catch (error) {
      const message = (error as Error).message;
      if (!this.down) {
        this.down = { since: Date.now(), lastError: message, reported: false };
        this.on.lost(message);
      }
      this.down.lastError = message;
      if (!this.down.reported && Date.now() - this.down.since > this.budgetMs) {
        this.down.reported = true;
        this.on.overBudget({ startedAt: this.down.since, lastError: message });
      }
    } finally {
      this.probing = false;
    }
  }
}
