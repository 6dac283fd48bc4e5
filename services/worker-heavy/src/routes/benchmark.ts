// POST /benchmark/validate, /benchmark/simulate, /benchmark/verify. Every route needs the
// X-Session-ID header; a failed check or simulation is HTTP 200 with success:false and
// artifacts.failure; malformed requests, unknown sessions and unsafe bundles are 4xx.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody, SESSION_ID_PATTERN } from '../../../shared/src/schemas.ts';
import { errorResponses, type Service } from '../../../shared/src/service.ts';
import { validateSessionId, WorkspaceError } from '../../../shared/src/workspace.ts';
import { simulateJob, validateJob, verifyJob } from '../benchmark.ts';
import { BenchmarkRequest, BenchmarkToolResponse, VerifyRequest } from '../schemas.ts';

const Headers = Type.Object({ 'x-session-id': Type.String({ pattern: SESSION_ID_PATTERN, description: 'Session ID' }) });
const responses = { 200: BenchmarkToolResponse, ...errorResponses, 403: ErrorBody };

export function registerBenchmarkRoutes(app: Service): void {
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addHook('onRequest', async (request: FastifyRequest) => {
      validateSessionId(request.headers['x-session-id']);
    });
    scope.setErrorHandler((error: FastifyError | WorkspaceError, _request: FastifyRequest, reply: FastifyReply) => {
      if (error instanceof WorkspaceError) {
        return reply.status(error.statusCode).send({ error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
      }
      throw error;
    });

    scope.post(
      '/benchmark/validate',
      {
        schema: {
          summary: 'Validate the build script: geometry, materials, build zone, objectives, cost and weight caps',
          description:
            'Runs the build script, then checks: every part has PartMetadata and a known material; solid–solid intersection volume above 1 mm³ ' +
            '(reported per pair, joint parent/child pairs exempt); part bounding boxes inside objectives.build_zone; the objectives setup ' +
            "(zones inside simulation_bounds, forbid zones clear of the goal, the moved object's start ± runtime_jitter inside the bounds and clear " +
            'of forbid zones, the goal and every part); mass = volume × density and cost = mass × price × method factor against ' +
            'constraints.max_weight_g / max_unit_cost. Writes validation_results.json; emits a manufacturability_check event.',
          tags: ['benchmark'],
          headers: Headers,
          body: BenchmarkRequest,
          response: responses,
        },
      },
      async (request) => validateJob(validateSessionId(request.headers['x-session-id']), request.body),
    );

    scope.post(
      '/benchmark/simulate',
      {
        schema: {
          summary: 'Rigid-body simulation (Rapier) of the parts in the objectives world',
          description:
            'Fixed parts are static colliders, other parts dynamic bodies (mass from volume × density), joints map to Rapier joints, the ' +
            "moved object from objectives.yaml is a dynamic body at start_position + seeded jitter; gravity −Z, 240 Hz. Each step is checked in order: engine " +
            'error → timeout (the episode horizon: 0.5 s in smoke mode, 30 s otherwise) → non-finite or runaway state (> 100 m/s, > 5000 rad/s) → ' +
            "a dynamic body's centre outside simulation_bounds → moved object touching a forbid zone (sensor) → moved object's centre inside the goal " +
            'zone (success) → a motor at ≥ 90 % of its force range for ≥ 2 s (MOTOR_OVERLOAD). Writes simulation_result.json, ' +
            'simulation_trajectory.json (poses at 30 Hz) and <script>.glb (one named mesh per part). One simulation at a time per worker: ' +
            'a request that waits says "queued at position N" and emits simulation_queued. Emits simulation_request and simulation_result.',
          tags: ['benchmark'],
          headers: Headers,
          body: BenchmarkRequest,
          response: responses,
        },
      },
      async (request) => simulateJob(validateSessionId(request.headers['x-session-id']), request.body),
    );

    scope.post(
      '/benchmark/verify',
      {
        schema: {
          summary: "N simulations with runtime jitter of the moved object's start; success when the success rate is above 90 %",
          description:
            'Runs num_runs (default 5) simulations with seeds seed, seed+1, …, each sampling the start uniformly within ± jitter_range ' +
            '(default moved_object.runtime_jitter). artifacts.verification_result = {num_runs, success_count, success_rate, is_consistent (every ' +
            'run had the same outcome), individual_results[], fail_reasons[]}; VERIFICATION_FAILED when the rate is not above 0.9. ' +
            'Writes verification_result.json; emits a simulation_request/simulation_result pair per run.',
          tags: ['benchmark'],
          headers: Headers,
          body: VerifyRequest,
          response: responses,
        },
      },
      async (request) => verifyJob(validateSessionId(request.headers['x-session-id']), request.body),
    );
  });
}
