// The session file API: ls, exists, read, read_blob, write, edit, delete, grep, upload, bundle.
// Every path goes through resolveSessionPath; every mutation through assertWritable and an atomic
// write.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import { errors } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { assertWritable, isTempName, resolveSessionPath, writeFileAtomic, WorkspaceError, type ResolvedPath } from '../../../shared/src/workspace.ts';
import { BUNDLE_EXCLUSIONS, bundleSession } from '../bundle.ts';
import { grep } from '../grep.ts';
import {
  BinaryBody,
  EditBody,
  EditResponse,
  ExistsResponse,
  GrepBody,
  GrepResponse,
  LsBody,
  LsResponse,
  PathBody,
  ReadResponse,
  SessionHeaders,
  Success,
  UploadResponse,
  WriteBody,
} from '../schemas.ts';

/** fs/read returns text up to this size; bigger files go through fs/read_blob. */
export const MAX_TEXT_READ_BYTES = 10 * 1024 * 1024;

const tags = ['fs'];

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const UploadForm = {
  type: 'object',
  required: ['file'],
  properties: {
    file: { type: 'string', format: 'binary', description: 'the file (one per request)' },
    path: {
      type: 'string',
      description:
        'Destination (session path). A path ending in `/`, or naming an existing folder, gets the uploaded file name appended; default: the file name at the root. Field order does not matter.',
    },
    overwrite: { type: 'string', enum: ['true', 'false'], default: 'false', description: 'replace an existing file (else 409)' },
  },
} as const;

/**
 * The parser's refusals as 4xx naming the reason. Nothing has been written yet when they happen:
 * the file is only written once the whole body has arrived.
 */
function multipartError(error: unknown): unknown {
  if (error instanceof WorkspaceError) return error;
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  if (code === 'FST_FILES_LIMIT') {
    return new WorkspaceError(400, 'too_many_files', 'fs/upload takes one file per request, and this body has more than one file part', 'body.file');
  }
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new WorkspaceError(400, 'too_many_fields', `the multipart body has more parts than fs/upload accepts (${message})`, 'body');
  }
  if (code === 'FST_REQ_FILE_TOO_LARGE') return error; // 413, mapped by the session scope
  // busboy's own errors carry no code: a missing boundary, a truncated body, a malformed header.
  if (code === undefined || code === 'FST_MP_PREMATURE_CLOSE' || code === 'FST_PROTO_VIOLATION') {
    return new WorkspaceError(400, 'malformed_multipart', `the multipart/form-data body could not be parsed: ${message}`, 'body');
  }
  return error;
}


export async function registerFsRoutes(app: Service): Promise<void> {
  app.post(
    '/fs/ls',
    {
      schema: {
        summary: 'List a folder',
        description: 'Entries sorted by name; symlinks are listed as files and never followed.',
        tags,
        headers: SessionHeaders,
        body: LsBody,
        response: { 200: LsResponse, ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const target = await resolveSessionPath(request.session.root, request.body.path ?? '/');
      const stat = await statOr404(target);
      if (!stat.isDirectory()) throw new WorkspaceError(400, 'not_a_directory', `path "${target.display}" is a file, not a folder`, 'path');
      const entries = [];
      for (const dirent of await fs.readdir(target.abs, { withFileTypes: true })) {
        if (isTempName(dirent.name)) continue;
        const childRel = target.rel ? `${target.rel}/${dirent.name}` : dirent.name;
        const childStat = await fs.lstat(path.join(target.abs, dirent.name)).catch(() => undefined);
        if (!childStat) continue;
        entries.push({ name: dirent.name, path: `/${childRel}`, is_dir: childStat.isDirectory(), size: childStat.isDirectory() ? 0 : childStat.size });
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { path: target.display, entries };
    },
  );

  app.post(
    '/fs/exists',
    {
      schema: {
        summary: 'Whether a file or folder exists',
        tags,
        headers: SessionHeaders,
        body: PathBody,
        response: { 200: ExistsResponse, ...errors(400, 403) },
      },
    },
    async (request) => {
      const target = await resolveSessionPath(request.session.root, request.body.path);
      const stat = await fs.stat(target.abs).catch(() => undefined);
      return { exists: !!stat, is_dir: !!stat?.isDirectory() };
    },
  );

  app.post(
    '/fs/read',
    {
      schema: {
        summary: 'Read a text file',
        description: `UTF-8 content; 404 when missing, 400 for a folder, 413 above ${MAX_TEXT_READ_BYTES} bytes (use fs/read_blob).`,
        tags,
        headers: SessionHeaders,
        body: PathBody,
        response: { 200: ReadResponse, ...errors(400, 403, 404, 413) },
      },
    },
    async (request) => {
      const target = await resolveSessionPath(request.session.root, request.body.path);
      const stat = await fileStat(target);
      if (stat.size > MAX_TEXT_READ_BYTES) {
        throw new WorkspaceError(413, 'file_too_large', `"${target.display}" is ${stat.size} bytes; fs/read returns at most ${MAX_TEXT_READ_BYTES}, use fs/read_blob`, 'path');
      }
      const content = await fs.readFile(target.abs, 'utf8');
      return { path: target.display, content, size: stat.size };
    },
  );

  app.post(
    '/fs/read_blob',
    {
      schema: {
        summary: 'Read a file as raw bytes',
        description: 'The bytes as `application/octet-stream`; 404 when missing, 400 for a folder.',
        tags,
        headers: SessionHeaders,
        body: PathBody,
        response: { 200: { description: 'the file', content: { 'application/octet-stream': { schema: BinaryBody } } }, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const target = await resolveSessionPath(request.session.root, request.body.path);
      const stat = await fileStat(target);
      // Binary bodies bypass the typed (JSON) reply.
      return (reply as FastifyReply)
        .type('application/octet-stream')
        .header('content-length', stat.size)
        .send(createReadStream(target.abs));
    },
  );

  app.post(
    '/fs/write',
    {
      schema: {
        summary: 'Write a text file',
        description: 'Atomic (temporary file + rename). 409 when the file exists and `overwrite` is false; 403 under /utils, /skills, /reviews, /config; 400 for a path ending in `/`.',
        tags,
        headers: SessionHeaders,
        body: WriteBody,
        response: { 200: Success, ...errors(400, 403, 409) },
      },
    },
    async (request) => {
      const { root } = request.session;
      const target = await resolveSessionPath(root, request.body.path);
      assertWritable(target.rel);
      assertFilePath(request.body.path);
      await writeSessionFile(root, target, request.body.content, request.body.overwrite ?? false);
      return { status: 'success' as const, path: target.display };
    },
  );

  app.post(
    '/fs/edit',
    {
      schema: {
        summary: 'Apply exact string replacements',
        description: 'Edits apply in order; each `old_string` must occur exactly once, else 422 and the file is unchanged.',
        tags,
        headers: SessionHeaders,
        body: EditBody,
        response: { 200: EditResponse, ...errors(400, 403, 404, 422) },
      },
    },
    async (request) => {
      const target = await resolveSessionPath(request.session.root, request.body.path);
      assertWritable(target.rel);
      assertFilePath(request.body.path);
      await fileStat(target);
      let content = await fs.readFile(target.abs, 'utf8');
      request.body.edits.forEach((edit, i) => {
        const first = content.indexOf(edit.old_string);
        if (first < 0) {
          throw new WorkspaceError(422, 'edit_not_found', `edits[${i}].old_string was not found in ${target.display}`, `body.edits.${i}.old_string`);
        }
        const count = occurrences(content, edit.old_string);
        if (count > 1) {
          throw new WorkspaceError(422, 'edit_ambiguous', `edits[${i}].old_string occurs ${count} times in ${target.display}; include more context to make it unique`, `body.edits.${i}.old_string`);
        }
        content = content.slice(0, first) + edit.new_string + content.slice(first + edit.old_string.length);
      });
      await writeFileAtomic(target.abs, content);
      return { status: 'success' as const, path: target.display, edits_applied: request.body.edits.length };
    },
  );

  app.post(
    '/fs/delete',
    {
      schema: {
        summary: 'Delete a file or folder (recursively)',
        description: 'A symlink is removed itself, never what it points to. 404 when missing; 403 for the root and the read-only prefixes.',
        tags,
        headers: SessionHeaders,
        body: PathBody,
        response: { 200: Success, ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const target = await resolveSessionPath(request.session.root, request.body.path, { followFinal: false });
      assertWritable(target.rel);
      const stat = await fs.lstat(target.abs).catch(() => undefined);
      if (!stat) throw notFound(target);
      await fs.rm(target.abs, { recursive: true, force: true });
      return { status: 'success' as const, path: target.display };
    },
  );

  app.post(
    '/fs/grep',
    {
      schema: {
        summary: 'Search file contents',
        description: 'Regular expression per line over text files under `path` (symlinks, binaries, caches and files > 2 MiB skipped); at most 1000 matches.',
        tags,
        headers: SessionHeaders,
        body: GrepBody,
        response: { 200: GrepResponse, ...errors(400, 403, 404, 422) },
      },
    },
    async (request) => {
      const target = await resolveSessionPath(request.session.root, request.body.path ?? '/');
      return grep(target, request.body.pattern, request.body.glob);
    },
  );

  // fs/upload: one file per multipart request, written atomically; a failed or oversized upload
  // leaves nothing behind (the file is only written once it has arrived completely).
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024 } });
  app.post(
    '/fs/upload',
    {
      schema: {
        summary: 'Upload a binary file (multipart/form-data)',
        description: `Fields \`file\`, \`path\`, \`overwrite\`; one file per request. At most ${MAX_UPLOAD_BYTES} bytes (413). 400 for a malformed or truncated body, or more than one file. 409 when the file exists and overwrite is not "true"; 403 under the read-only prefixes.`,
        tags: ['fs'],
        consumes: ['multipart/form-data'],
        headers: SessionHeaders,
        body: UploadForm,
        response: { 200: UploadResponse, ...errors(400, 403, 409, 413, 415) },
      },
      // The multipart stream is read by the handler; the body schema documents it for OpenAPI.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      if (!request.isMultipart()) {
        throw new WorkspaceError(400, 'not_multipart', 'fs/upload expects a multipart/form-data body with a `file` part', 'body');
      }
      const fields: Record<string, string> = {};
      let file: { filename: string; data: Buffer } | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') {
              throw new WorkspaceError(400, 'unexpected_file_field', `the file part must be named "file", not "${part.fieldname}"`, 'body.file');
            }
            file = { filename: part.filename, data: await part.toBuffer() };
          } else {
            fields[part.fieldname] = String(part.value);
          }
        }
      } catch (error) {
        throw multipartError(error);
      }
      if (!file) throw new WorkspaceError(400, 'validation_failed', 'body.file is required (a multipart file part named "file")', 'body.file');
      if (fields.overwrite !== undefined && fields.overwrite !== 'true' && fields.overwrite !== 'false') {
        throw new WorkspaceError(400, 'validation_failed', 'body.overwrite must be "true" or "false"', 'body.overwrite');
      }
      const { root } = request.session;
      const filename = path.posix.basename((file.filename ?? '').replace(/\\/g, '/'));
      let destination = fields.path ?? '';
      const destinationIsFolder =
        destination === '' ||
        destination.endsWith('/') ||
        (await fs.stat((await resolveSessionPath(root, destination, { field: 'body.path' })).abs).catch(() => undefined))?.isDirectory();
      if (destinationIsFolder) {
        if (!filename || filename === '.' || filename === '..') {
          throw new WorkspaceError(400, 'validation_failed', 'body.path must name the file when the upload has no file name', 'body.path');
        }
        destination = `${destination.replace(/\/+$/, '')}/${filename}`;
      }
      const target = await resolveSessionPath(root, destination, { field: 'body.path' });
      assertWritable(target.rel, 'body.path');
      await writeSessionFile(root, target, file.data, fields.overwrite === 'true');
      return { status: 'success' as const, path: target.display, size: file.data.length };
    },
  );

  app.post(
    '/fs/bundle',
    {
      schema: {
        summary: 'The session as a gzip tarball',
        description: `Paths relative to the session root. Excluded: ${BUNDLE_EXCLUSIONS}. The heavy worker accepts it base64-encoded as \`bundle_base64\`.`,
        tags: ['fs'],
        headers: SessionHeaders,
        response: { 200: { description: 'tar.gz', content: { 'application/gzip': { schema: BinaryBody } } }, ...errors(400) },
      },
    },
    async (request, reply) => {
      const tarball = await bundleSession(request.session.root);
      // Binary bodies bypass the typed (JSON) reply.
      return (reply as FastifyReply)
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="${request.session.id}.tar.gz"`)
        .send(tarball);
    },
  );
}

/**
 * Atomic write of a session file: parents created, 409 when it exists and !overwrite, 409 when
 * the path is a folder. Shared by fs/write and fs/upload.
 */
async function writeSessionFile(root: string, target: ResolvedPath, data: string | Uint8Array, overwrite: boolean): Promise<void> {
  const existing = await fs.lstat(target.abs).catch(() => undefined);
  if (existing?.isDirectory()) throw new WorkspaceError(409, 'is_a_directory', `"${target.display}" is a folder`, 'path');
  if (existing && !overwrite) throw exists(target);
  await mkdirInside(root, path.dirname(target.abs));
  try {
    await writeFileAtomic(target.abs, data, { exclusive: !overwrite });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw exists(target);
    throw error;
  }
}

async function mkdirInside(root: string, dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new WorkspaceError(400, 'not_a_directory', `a file is used as a folder in "/${path.relative(root, dir)}"`, 'path');
    }
    throw error;
  }
}

/** Occurrences of `needle`, overlapping ones included: `aa` occurs twice in `aaa`. */
function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) count++;
  return count;
}

/** A path ending in `/` names a folder; writing a file there would silently drop the slash. */
function assertFilePath(input: string, field = 'path'): void {
  if (input.endsWith('/')) {
    throw new WorkspaceError(400, 'not_a_file_path', `${field} "${input}" ends with "/", which names a folder; give the file's name`, field);
  }
}

function exists(target: ResolvedPath): WorkspaceError {
  return new WorkspaceError(409, 'file_exists', `"${target.display}" already exists; pass overwrite: true to replace it`, 'path');
}

function notFound(target: ResolvedPath): WorkspaceError {
  return new WorkspaceError(404, 'not_found', `"${target.display}" does not exist`, 'path');
}

async function statOr404(target: ResolvedPath) {
  try {
    return await fs.stat(target.abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw notFound(target);
    throw error;
  }
}

/** stat of a regular file: 404 when missing, 400 for a folder. */
export async function fileStat(target: ResolvedPath) {
  const stat = await statOr404(target);
  if (stat.isDirectory()) throw new WorkspaceError(400, 'is_a_directory', `"${target.display}" is a folder, not a file`, 'path');
  return stat;
}
