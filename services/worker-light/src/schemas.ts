// The light worker's wire schemas: validation, serialization and OpenAPI at once.
import { Type } from 'typebox';
import { MAX_RETURNED_EVENT_BYTES, MAX_RETURNED_EVENTS } from '../../shared/src/events.ts';
import { SESSION_ID_PATTERN } from '../../shared/src/schemas.ts';

/** Every session-scoped route takes this header (checked first by the session hook). */
export const SessionHeaders = Type.Object({
  'x-session-id': Type.String({
    pattern: SESSION_ID_PATTERN,
    description: 'The session whose workspace `<sessions dir>/<id>` the request acts on',
  }),
});

const SessionPath = (description: string) =>
  Type.String({
    maxLength: 4096,
    description: `${description}. Session-rooted: \`/x\` and \`x\` are the same file; \`/\`, \`\` and \`.\` are the root. Must resolve inside the session (no escaping \`..\`, no symlinks pointing out, no NUL bytes, names ≤ 255 bytes).`,
  });

export const PathBody = Type.Object({ path: SessionPath('File or folder') }, { additionalProperties: false });

export const LsBody = Type.Object(
  { path: Type.Optional(Type.String({ ...SessionPath('Folder to list'), default: '/' })) },
  { additionalProperties: false },
);

export const Entry = Type.Object({
  name: Type.String(),
  path: Type.String({ description: 'session path, starting with /' }),
  is_dir: Type.Boolean(),
  size: Type.Integer({ description: 'bytes (0 for folders)' }),
});
export const LsResponse = Type.Object({ path: Type.String(), entries: Type.Array(Entry) });

export const ExistsResponse = Type.Object({ exists: Type.Boolean(), is_dir: Type.Boolean() });

export const ReadResponse = Type.Object({ path: Type.String(), content: Type.String(), size: Type.Integer() });

export const WriteBody = Type.Object(
  {
    path: SessionPath('File to write; parent folders are created'),
    content: Type.String({ description: 'UTF-8 text' }),
    overwrite: Type.Optional(Type.Boolean({ default: false, description: 'replace an existing file (else 409)' })),
  },
  { additionalProperties: false },
);

export const Success = Type.Object({ status: Type.Literal('success'), path: Type.String() });

export const EditBody = Type.Object(
  {
    path: SessionPath('File to edit'),
    edits: Type.Array(
      Type.Object(
        {
          old_string: Type.String({ minLength: 1, description: 'must occur exactly once (after the previous edits)' }),
          new_string: Type.String(),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export const EditResponse = Type.Object({ status: Type.Literal('success'), path: Type.String(), edits_applied: Type.Integer() });

export const GrepBody = Type.Object(
  {
    pattern: Type.String({ minLength: 1, maxLength: 1000, description: 'JavaScript regular expression, matched per line' }),
    path: Type.Optional(Type.String({ ...SessionPath('Folder or file to search'), default: '/' })),
    glob: Type.Optional(
      Type.String({
        maxLength: 512,
        description: 'only files matching it: `*`, `**`, `?`; without a `/` it matches the file name (e.g. `*.ts`)',
      }),
    ),
  },
  { additionalProperties: false },
);
export const GrepMatch = Type.Object({ path: Type.String(), line: Type.Integer({ minimum: 1 }), text: Type.String() });
export const GrepResponse = Type.Object({
  matches: Type.Array(GrepMatch),
  truncated: Type.Boolean({ description: 'true when the match limit (1000) was reached' }),
});

export const UploadResponse = Type.Object({ status: Type.Literal('success'), path: Type.String(), size: Type.Integer() });

export const ExecuteBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 1_000_000, description: 'JavaScript, run as an ES module' }),
    timeout: Type.Optional(Type.Number({ minimum: 1, maximum: 300, default: 30, description: 'seconds' })),
  },
  { additionalProperties: false },
);
export const ExecuteResponse = Type.Object({
  stdout: Type.String(),
  stderr: Type.String(),
  exit_code: Type.Union([Type.Integer(), Type.Null()], { description: 'null when killed by a signal' }),
  timed_out: Type.Boolean(),
  stdout_truncated: Type.Boolean(),
  stderr_truncated: Type.Boolean(),
  duration_ms: Type.Number(),
  events: Type.Array(
    Type.Object({ event_type: Type.String(), timestamp: Type.Optional(Type.String()) }, { additionalProperties: true }),
    { description: `lines appended to events.jsonl during the run, at most ${MAX_RETURNED_EVENTS} events from at most ${MAX_RETURNED_EVENT_BYTES} bytes` },
  ),
  events_truncated: Type.Boolean({ description: 'true when more was appended than `events` returns; events.jsonl itself keeps every line' }),
  events_error: Type.Optional(
    Type.String({
      description:
        'present when events.jsonl exists but could not be read (e.g. the code made it a folder); `events` is then empty, and the run\'s output is returned as usual',
    }),
  ),
});

export const SandboxState = Type.Object({
  isolation: Type.Union([Type.Literal('namespaces'), Type.Literal('user-namespaces'), Type.Literal('permission-only')]),
  network_isolated: Type.Boolean({ description: 'executed code has no network (its own network namespace)' }),
  pid_isolated: Type.Boolean({ description: 'executed code sees and signals only its own processes (its own PID namespace)' }),
  memory_cap_mb: Type.Union([Type.Integer(), Type.Null()], { description: 'RLIMIT_DATA of a run (Buffers and WebAssembly included); null when not enforced' }),
  heap_cap_mb: Type.Integer({ description: 'V8 heap limit of a run' }),
  dies_with_worker: Type.Boolean({ description: 'a run is killed by the kernel when the worker dies' }),
  warning: Type.Optional(Type.String({ description: 'what is missing on this host, when something is' })),
});

export const HealthQuery = Type.Object(
  {
    detail: Type.Optional(Type.String({ enum: ['true', 'false'], description: '`true` adds the process id and the execute sandbox' })),
  },
  { additionalProperties: false },
);

export const LightHealth = Type.Object({
  status: Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy')]),
  service: Type.String(),
  sessions: Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) }),
  pid: Type.Optional(Type.Integer({ description: 'with detail: the worker\'s process id' })),
  sandbox: Type.Optional(SandboxState),
});

export const AssetParams = Type.Object({ '*': Type.String({ description: 'session path of the file' }) });

export const BinaryBody = Type.String({ format: 'binary' });
