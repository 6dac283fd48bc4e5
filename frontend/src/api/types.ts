// Wire types of the controller, as the contract (workbench-contract.md) describes them.
export type EpisodeStatus = 'queued' | 'running' | 'planned' | 'completed' | 'failed' | 'cancelled';
export const TERMINAL_STATUSES: ReadonlySet<EpisodeStatus> = new Set(['completed', 'failed', 'cancelled']);

export type TraceType = 'llm_start' | 'llm_end' | 'tool_start' | 'tool_end' | 'log' | 'error' | 'event';

export interface Trace {
  id: number | string;
  trace_type: TraceType;
  name: string | null;
  content: string | null;
  metadata: Record<string, unknown> | null;
  feedback_score: 0 | 1 | null;
  feedback_comment: string | null;
  created_at: string;
}

export interface Asset {
  id: number | string;
  asset_type: string;
  s3_path: string;
  created_at: string;
  /** Workspace-relative path, when the controller names it. */
  path?: string;
}

export interface EpisodeSummary {
  id: string;
  session_id?: string;
  task: string;
  status: EpisodeStatus;
  created_at: string;
  updated_at: string;
  metadata_vars?: Record<string, unknown> | null;
  agent_name?: string | null;
  session_kind?: 'agent' | 'benchmark';
}

export interface Episode extends EpisodeSummary {
  plan: string | null;
  todo_list: unknown;
  traces: Trace[];
  assets: Asset[];
}

/** A selection the user attached to a message (CAD part/face/subassembly, code lines). */
export interface Selection {
  kind: 'part' | 'face' | 'subassembly' | 'code';
  /** Workspace file the selection lives in (GLB or source file). */
  path: string;
  /** Part/subassembly name, or a face's part. */
  name?: string;
  face_index?: number;
  start_line?: number;
  end_line?: number;
}

export interface Mention {
  path: string;
  start: number;
  end: number;
}

export type SocketEvent =
  | { type: 'new_trace'; trace: Trace }
  | { type: 'status_update'; status: EpisodeStatus; metadata_vars?: Record<string, unknown> }
  | { type: 'file_update'; path: string }
  | { type: 'heartbeat' };
