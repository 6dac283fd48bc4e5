// POST /benchmark/validate, /benchmark/simulate, /benchmark/verify, /benchmark/submit. Every
// route needs the X-Session-ID header; a failed check, simulation or refused submission is HTTP
// 200 with success:false and artifacts.failure; malformed requests, unknown sessions, unsafe
// bundles and outputs under read-only prefixes are 4xx.
import { errors } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { simulateJob } from '../jobs/simulate.ts';
import { MANIFEST_FILE, submitJob } from '../jobs/submit.ts';
import { validateJob } from '../jobs/validate.ts';
import { verifyJob } from '../jobs/verify.ts';
import { BenchmarkRequest, BenchmarkToolResponse, SubmitRequest, VerifyRequest } from '../schemas.ts';
import { registerSessionRoutes, SessionHeaders } from './session.ts';

const responses = { 200: BenchmarkToolResponse, ...errors(400, 404, 403) };
const SCRIPT_RUN =
  'The build script runs sandboxed: no network, its own PID namespace, a memory cap, fs reads only of the session (and the CAD kernel), ' +
  'no fs writes, no child processes, 30 s timeout; imports only workbench/cad, session files and node: built-ins. Volumes, bounding boxes and ' +
  "intersections are measured by the worker from the meshes the script returns, never taken from the script. A part's mesh that is not a closed " +
  'solid, duplicate part names, or a part named like moved_object.label fail with VALIDATION_FAILED naming the part. script_path must be a ' +
  '.ts/.mts/.js/.mjs file in the session: the root, a directory or another extension is 400 naming body.script_path.';

export function registerBenchmarkRoutes(app: Service): void {
  registerSessionRoutes(app, (scope) => {
    scope.post(
      '/benchmark/validate',
      {
        schema: {
          summary: 'Validate and price: the build script (geometry, materials, build zone, objectives) and assembly_definition.yaml (costing, mating, caps)',
          description:
            'Runs the build script, then checks: every part has PartMetadata and a known material; solid–solid intersection volume above 1 mm³ ' +
            '(reported per pair, joint parent/child pairs exempt); part bounding boxes inside objectives.build_zone; the objectives setup ' +
            "(zones inside simulation_bounds, forbid zones clear of the goal, the moved object's start ± runtime_jitter inside the bounds and clear " +
            'of forbid zones, the goal and every part); mass = volume × density and cost = mass × price × method factor against ' +
            'constraints.max_weight_g / max_unit_cost. assembly_definition.yaml is required and parsed strictly (ASSEMBLY_MISSING, UNKNOWN_KEY, ' +
            'MISSING_FIELD, INVALID_TYPE, INVALID_METHOD — methods are exactly CNC, 3DP, IM —, FIELD_NOT_FOR_METHOD, TEMPLATE_PLACEHOLDER); every script part ' +
            'must be declared (PART_NOT_DECLARED / UNKNOWN_PART), each material allowed for its method by config/manufacturing.yaml (MATERIAL_NOT_ALLOWED → ' +
            'MANUFACTURABILITY_FAILED). Each manufactured part is priced from its measured solid (CNC: stock = bbox + 2 mm per side bought by mass, machining ' +
            '= removed volume ÷ removal rate × machine rate, setup ÷ quantity, drilling per hole; IM: tooling = base + per cm² of surface ÷ quantity, material ' +
            '× (1 + scrap), cycle time × rate, setup ÷ quantity; 3DP: volume × infill × density × price, print time × rate, setup ÷ quantity) and reported in ' +
            'artifacts.pricing; COTS lines from the catalog (COTS_UNKNOWN_PART, COTS_PRICE_MISMATCH). Declared totals must equal the computed sum within ' +
            '±1 % or ±0.01 (TOTALS_MISMATCH), stay within planner_targets (OVER_TARGET), planner_targets within the objectives caps (TARGET_EXCEEDS_CAP), ' +
            'totals within the caps (OVER_CAP). Joints and fasteners are checked on the exact solids: parent/child within 0.1 mm (JOINT_PARTS_APART), anchor ' +
            'within 0.5 mm of one of them (JOINT_ANCHOR_OUTSIDE), a fastener `at` in a hole of every joined part (FASTENER_NOT_IN_HOLE). Every refusal is in ' +
            'the response\'s problems[] ({file, field, code, message}). Writes validation_results.json; emits a manufacturability_check event. ' +
            'The worker also records the outcome against a fingerprint of the inputs (objectives.yaml, assembly_definition.yaml, the script and every session ' +
            'file it imports): that record is what /benchmark/simulate, /benchmark/verify and /benchmark/submit check. ' +
            SCRIPT_RUN,
          tags: ['benchmark'],
          headers: SessionHeaders,
          body: BenchmarkRequest,
          response: responses,
        },
      },
      async (request) => validateJob(request.session.id, request.body),
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
            "a dynamic body's centre outside simulation_bounds → moved object touching a forbid zone (sensor) → moved object RESTING in the goal " +
            'zone: its centre inside the goal box and its speed below 0.05 m/s (GOAL_REST_SPEED) for 0.5 s without interruption (GOAL_DWELL_S) ' +
            '(success; passing through the zone does not count, so a 0.5 s smoke run never succeeds) → a motor whose applied effort stayed at ' +
            '≥ 90 % of its force range for ≥ 2 s (MOTOR_OVERLOAD). Actuators are servos: `position` is PD on the joint coordinate; constant, ' +
            'sinusoidal, square and trapezoidal are joint VELOCITY setpoints (m/s or rad/s) tracked by a PI servo scaled by the joint\'s effective ' +
            'inertia, its effort clamped to force_range, so overload follows the load (gravity, an end stop, a stall), not the size of the command. ' +
            'Writes simulation_result.json, ' +
            'simulation_trajectory.json (poses at 30 Hz) and <script>.glb (one named mesh per part). One simulation at a time per worker: ' +
            'a request that waits says "queued at position N" and emits simulation_queued. Emits simulation_request and simulation_result. ' +
            'Refused (VALIDATION_FAILED, nothing simulated) unless this worker recorded a successful /benchmark/validate of exactly the current files ' +
            '(script, its imports, objectives.yaml, assembly_definition.yaml): the detail names the files changed since, or the last validation\'s failure. ' +
            'Before simulating, the same objectives checks as validate run (zones, the start range against bounds, zones, goal and parts): a failing ' +
            'setup is VALIDATION_FAILED, never a simulated success. OUT_OF_BOUNDS applies to every dynamic body, not only the moved object. ' +
            'Dynamic bodies use continuous collision detection and forbid zones are checked along the path between steps, so small fast objects ' +
            'neither tunnel through parts nor skip forbid zones. 403 read_only_path (naming body.script_path) when <script>.glb would be written under ' +
            '/utils, /skills, /reviews or /config. ' +
            SCRIPT_RUN,
          tags: ['benchmark'],
          headers: SessionHeaders,
          body: BenchmarkRequest,
          response: responses,
        },
      },
      async (request) => simulateJob(request.session.id, request.body),
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
            'Writes verification_result.json; emits a simulation_request/simulation_result pair per run. Refused like simulate without a successful ' +
            'validation of the current files (a bundle must be validated by this worker first). The objectives checks of validate run ' +
            'first (VALIDATION_FAILED); a jitter_range that would start the moved object outside the bounds, in a forbid zone, in the goal or ' +
            'inside a part is 422 naming body.jitter_range. ' +
            SCRIPT_RUN,
          tags: ['benchmark'],
          headers: SessionHeaders,
          body: VerifyRequest,
          response: { ...responses, ...errors(422) },
        },
      },
      async (request) => verifyJob(request.session.id, request.body),
    );

    scope.post(
      '/benchmark/submit',
      {
        schema: {
          summary: 'Hand the validated design over for review (the handover gate); writes the review manifest',
          description:
            'Accepted only when (1) the build script (script_path, default script.ts) and objectives.yaml exist and objectives.yaml parses and ' +
            'passes the objectives checks, and (2) this worker recorded a successful POST /benchmark/validate of exactly the current inputs: ' +
            'objectives.yaml, the script and every session file it imports, compared by SHA-256. The record lives in the worker\'s own state, ' +
            'outside every session, so result files an agent can edit (validation_results.json) are never trusted. A refusal is HTTP 200 with ' +
            'success:false, failure VALIDATION_FAILED and artifacts.missing naming each missing piece (no validation on record; the files that ' +
            `changed since it; the last validation of these files failed). On acceptance writes ${MANIFEST_FILE} in the session root ` +
            '(readable through the light worker; /reviews is reserved for reviewers\' decisions and restored from the seed by the light worker, so ' +
            'the manifest is not written there; the worker keeps its own copy) with the input hashes, the validation figures, the latest ' +
            'simulation and verification of the same inputs (or null) and the result files present; artifacts.manifest holds the same. ' +
            'Emits submission_accepted or submission_rejected. smoke_test_mode and seed are accepted and ignored; variant_id overrides the ' +
            'recorded one in the manifest. Not queued: no simulation runs. ' +
            '(3) A successful FULL simulation of exactly the current inputs is on record: the newest POST /benchmark/simulate with ' +
            'smoke_test_mode false of these files succeeded (smoke runs are ignored: 0.5 s cannot show the object resting in the goal); ' +
            'artifacts.missing says whether no full run exists, which files changed since the last one, or how the last one failed. ' +
            '(4) Benchmark environment lock (INT-015): a handover with handover "benchmark" locks the benchmark\'s environment (the script, the ' +
            'session files it imports and objectives.yaml, SHA-256 each, kept in the worker\'s state; manifest.environment_lock); every later ' +
            'design handover (handover "design", the default) in the session is refused while a locked file differs, each changed or deleted ' +
            'file named in artifacts.missing.',
          tags: ['benchmark'],
          headers: SessionHeaders,
          body: SubmitRequest,
          response: responses,
        },
      },
      async (request) => submitJob(request.session.id, request.body),
    );
  });
}
