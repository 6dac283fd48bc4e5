// The one way a workbench service is built: Fastify with schema-first routes, whose schemas are
// the validation, the serializer and the OpenAPI at once; one JSON log line per request; JSON
// errors that name the problem; graceful shutdown on SIGTERM/SIGINT and when the parent that
// started us goes away (stdin closes), so a crashed harness never leaves a service behind.
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sendError } from './reply.ts';
import { parseTraceparent } from './trace-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The W3C trace this request belongs to: from its `traceparent`, or set by a route that knows its run. */
    traceId?: string;
  }
}

export interface ServiceOptions {
  name: string;
  description: string;
  /** Maximum request body, bytes. */
  bodyLimit?: number;
  /** The status of a request that fails its schema: 400 here, 422 where a contract says so (the arena's policy servers). */
  validationStatus?: 400 | 422;
}

export type Service = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export async function createService(options: ServiceOptions): Promise<Service> {
  const app = Fastify({
    logger: { level: process.env.LOG_LEVEL ?? 'info', base: { service: options.name } },
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    ajv: { customOptions: { allErrors: false, coerceTypes: false, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: options.name, description: options.description, version: '1.0.0' },
    },
  });

  app.decorateRequest('traceId', undefined);
  app.addHook('onRequest', async (request) => {
    const context = parseTraceparent(request.headers.traceparent);
    if (context) {
      request.traceId = context.trace_id;
      request.log = request.log.child({ trace_id: context.trace_id, parent_span_id: context.parent_id });
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.routeOptions.url ?? request.url.split('?')[0],
        url: request.url,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 100) / 100,
        session_id: request.headers['x-session-id'],
        episode_id: (request.params as { id?: string } | undefined)?.id,
        // From traceparent this is already on the request's logger; a route may name its run instead.
        ...(request.traceId && !parseTraceparent(request.headers.traceparent) ? { trace_id: request.traceId } : {}),
      },
      'request',
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return sendError(reply, status, 'internal_error', 'Internal server error');
    }
    if (error.validation) {
      const first = error.validation[0];
      const where = error.validationContext ?? 'request';
      const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = [where, ...(first?.instancePath ?? '').split('/').filter(Boolean), ...(missing ? [missing] : [])].join('.');
      return sendError(reply, options.validationStatus ?? 400, 'validation_failed', `${field} ${first?.message ?? 'is invalid'}`, field);
    }
    return sendError(reply, status, errorCode(error), error.message);
  });

  app.setNotFoundHandler((request, reply) => {
    sendError(reply, 404, 'not_found', `Route ${request.method} ${request.url.split('?')[0]} not found`);
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}

function errorCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'invalid_json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    default:
      return error.code ? error.code.toLowerCase() : 'bad_request';
  }
}

/**
 * Listens on PORT (0 = any free port) and wires shutdown: SIGTERM/SIGINT close the server and
 * run `onClose` hooks; a closed stdin (the harness's lifeline) does the same.
 */
export async function runService(app: Service): Promise<void> {
  const port = Number(process.env.PORT ?? 0);
  const host = process.env.HOST ?? '127.0.0.1';
  let closing = false;
  const shutdown = async (reason: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ reason }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    try {
      await app.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  if (process.env.EXIT_WITH_PARENT === '1') {
    process.stdin.on('end', () => void shutdown('parent gone (stdin closed)'));
    process.stdin.on('error', () => void shutdown('parent gone (stdin error)'));
    process.stdin.resume();
  }
  try {
    const address = await app.listen({ port, host });
    app.log.info({ address }, 'listening');
  } catch (error) {
    app.log.fatal({ err: error }, 'could not listen');
    process.exit(1);
  }
}
