// fs/upload: one file per multipart request, written atomically; a failed or oversized upload
// leaves nothing behind (the file is only written once it has arrived completely).
import fs from 'node:fs/promises';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { Service } from '../../../shared/src/service.ts';
import { assertWritable, resolveSessionPath, WorkspaceError } from '../../../shared/src/workspace.ts';
import { errors, SessionHeaders, UploadResponse } from '../schemas.ts';
import { writeSessionFile } from './fs.ts';

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

export async function registerUploadRoute(app: Service): Promise<void> {
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
}
