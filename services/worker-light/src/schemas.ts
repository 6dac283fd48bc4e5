// The light worker's wire schemas: validation, serialization and OpenAPI at once.
import { Type } from 'typebox';
import { ErrorBody, SESSION_ID_PATTERN } from '../../shared/src/schemas.ts';

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
    { description: 'lines appended to events.jsonl during the run' },
  ),
});

export const AssetParams = Type.Object({ '*': Type.String({ description: 'session path of the file' }) });

export const BinaryBody = Type.String({ format: 'binary' });

/** Error responses by status, for route schemas. */
export const errors = <const S extends readonly number[]>(...statuses: S) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as { [K in S[number]]: typeof ErrorBody };
