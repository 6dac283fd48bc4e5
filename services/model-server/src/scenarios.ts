// Scripted scenarios: one YAML file, a scenario per session-ID prefix, a list of assistant turns
// per agent role. Pure lookups; the file is re-read when it changes, so editing it needs no restart.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const AGENT_ROLES = ['planner', 'coder', 'reviewer', 'followup'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export interface ScriptedToolCall {
  name: string;
  arguments?: Record<string, unknown> | string;
}

export interface ScriptedTurn {
  reasoning?: string;
  content?: string;
  tool_calls?: ScriptedToolCall[];
}

export type Scenario = Partial<Record<AgentRole, ScriptedTurn[]>>;

/** Beside src/ and dist/, so the same relative URL works from both. */
export const DEFAULT_SCENARIOS_FILE = fileURLToPath(new URL('../scenarios.yaml', import.meta.url));

export function parseScenarios(text: string): Record<string, Scenario> {
  const doc = parse(text, { merge: true }) as { scenarios?: Record<string, Scenario> } | null;
  const scenarios = doc?.scenarios;
  if (!scenarios || typeof scenarios !== 'object' || !scenarios.default) {
    throw new Error('scenarios file: a top-level `scenarios` map with a `default` scenario is required');
  }
  for (const [name, scenario] of Object.entries(scenarios)) {
    for (const [role, turns] of Object.entries(scenario ?? {})) {
      if (!(AGENT_ROLES as readonly string[]).includes(role)) throw new Error(`scenario ${name}: unknown role "${role}"`);
      if (!Array.isArray(turns)) throw new Error(`scenario ${name}.${role}: a list of turns is required`);
      turns.forEach((turn, i) => {
        for (const call of turn.tool_calls ?? []) {
          if (typeof call.name !== 'string' || !call.name) throw new Error(`scenario ${name}.${role}[${i}]: every tool call needs a name`);
        }
      });
    }
  }
  return scenarios;
}

/**
 * `INT-020-ab12cd34` → `INT-020`. A test needing a second behaviour in one test suffixes its
 * session ID: `INT-170-ab12cd34-live` → `INT-170:live` where that scenario exists, else
 * `INT-170`. Anything else → `default`.
 */
export function scenarioNameFor(sessionId: string | undefined, available: Iterable<string>): string {
  const names = new Set(available);
  const match = /^(INT-\d+)(?:-[^-]+(?:-([A-Za-z0-9_]+))?)?/.exec(sessionId ?? '');
  if (!match) return 'default';
  const [, id, variant] = match as unknown as [string, string, string | undefined];
  if (variant && names.has(`${id}:${variant}`)) return `${id}:${variant}`;
  return names.has(id) ? id : 'default';
}

/** The role named by the header, else by a `role: <name>` line in the system prompt. */
export function roleFor(header: string | undefined, systemPrompt: string | undefined): AgentRole | undefined {
  const candidate = header?.trim().toLowerCase() || /^role:\s*(\w+)/im.exec(systemPrompt ?? '')?.[1]?.toLowerCase();
  return (AGENT_ROLES as readonly string[]).includes(candidate ?? '') ? (candidate as AgentRole) : undefined;
}

/** Turn N answers a conversation that already holds N assistant messages; past the end → undefined. */
export function pickTurn(scenario: Scenario, role: AgentRole, assistantMessages: number): ScriptedTurn | undefined {
  return scenario[role]?.[assistantMessages];
}

export class ScenarioFile {
  private cache?: { mtimeMs: number; scenarios: Record<string, Scenario> };
  constructor(readonly file: string) {}

  load(): Record<string, Scenario> {
    const { mtimeMs } = fs.statSync(this.file);
    if (!this.cache || this.cache.mtimeMs !== mtimeMs) {
      this.cache = { mtimeMs, scenarios: parseScenarios(fs.readFileSync(this.file, 'utf8')) };
    }
    return this.cache.scenarios;
  }
}
