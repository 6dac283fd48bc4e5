// Wire types of the heavy worker's benchmark routes (validation, OpenAPI and serializer at once).
import { Type, type Static } from 'typebox';
import { FAILURE_REASONS, type FailureReason as Reason } from './failures.ts';

const ScriptPath = Type.String({
  minLength: 1,
  maxLength: 1024,
  description:
    'Session path of the build script (default `script.ts`, else `script.mjs`). The script is an ES module (TypeScript or JavaScript) that ' +
    "imports the CAD module as `import { box, cylinder, sphere, union, difference, part } from 'workbench/cad'` and exports (default or " +
    '`build`) a function returning `part(name, solid, metadata)` values; each part needs `PartMetadata {material_id, fixed, cots_id?, ' +
    'manufacturing_method?, joint?}`. The worker bundles the script with esbuild (mapping `workbench/cad` to its CAD module; other imports ' +
    'only from session files and node: built-ins) and runs it in a sandboxed child process (no network, fs reads only of the session, no fs ' +
    'writes, memory cap) with a 30 s timeout. Must be a .ts, .mts, .js or .mjs file. SI units (metres), Z up.',
});

const common = {
  script_path: Type.Optional(ScriptPath),
  bundle_base64: Type.Optional(
    Type.String({
      description:
        "The light worker's `POST /fs/bundle` (gzip tarball) in base64. Inputs are read from it instead of the shared sessions directory; " +
        "outputs and events still go to this worker's session directory and into the response.",
    }),
  ),
  smoke_test_mode: Type.Optional(
    Type.Boolean({
      description:
        'true: 0.5 s of simulated time; false (default): 30 s. The episode horizon is the TIMEOUT. A smoke run is a quick check that nothing ' +
        'fails early (instability, bounds, forbid zones, overload) and can never succeed: goal success needs the moved object at rest in the ' +
        'goal zone (centre inside, speed < 0.05 m/s) for 0.5 s after it gets there. A smoke run that meets no failure ends in TIMEOUT with the ' +
        'detail "no failure within the 0.5 s smoke horizon…" and artifacts.smoke_check.no_failure = true. Submissions need a successful full run.',
    }),
  ),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: "Runtime seed (moved object's start jitter); random and recorded when omitted." })),
  variant_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, description: 'Static benchmark variant; default objectives.yaml `variant_id`, else a hash of objectives + script.' }),
  ),
};

export const BenchmarkRequest = Type.Object(common, { additionalProperties: false });
export type BenchmarkRequest = Static<typeof BenchmarkRequest>;

export const SubmitRequest = Type.Object(
  {
    ...common,
    handover: Type.Optional(
      Type.Union([Type.Literal('design'), Type.Literal('benchmark')], {
        description:
          '`design` (default): an engineer hands a design over; refused while a benchmark environment locked in this session changed. ' +
          "`benchmark`: a benchmark's handover; the worker locks its environment (the script, the session files it imports, objectives.yaml: " +
          'SHA-256 each, in its own state) for every later design handover in the session.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SubmitRequest = Static<typeof SubmitRequest>;

export const VerifyRequest = Type.Object(
  {
    ...common,
    num_runs: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'Runs with seeds seed, seed+1, …; default 5' })),
    jitter_range: Type.Optional(
      Type.Array(Type.Number({ minimum: 0, maximum: 10 }), {
        minItems: 3,
        maxItems: 3,
        description: "± start-position jitter per axis, m; default moved_object.runtime_jitter",
      }),
    ),
  },
  { additionalProperties: false },
);
export type VerifyRequest = Static<typeof VerifyRequest>;

export const Event = Type.Object(
  { event_type: Type.String(), timestamp: Type.String() },
  { additionalProperties: true, description: 'A line of the session\'s events.jsonl' },
);

export const FailureReason = Type.Unsafe<Reason>({ type: 'string', enum: [...FAILURE_REASONS] });

export const Failure = Type.Union([Type.Object({ reason: FailureReason, detail: Type.String() }), Type.Null()]);

export const Problem = Type.Object(
  {
    file: Type.String({ description: 'The session file refused (plan.md, todo.md, objectives.yaml, assembly_definition.yaml, the build script)' }),
    field: Type.Optional(
      Type.String({ description: 'Where in the file: a dotted path (manufactured_parts[0].material, objectives.goal_zone.min), a plan heading, or "line N"' }),
    ),
    code: Type.String({
      description:
        'Stable reason code. Plan gate: FILE_MISSING, FILE_NOT_A_FILE; plan.md: PLAN_MISSING_HEADING, PLAN_HEADING_ORDER, PLAN_SECTION_FORMAT, ' +
        'PLAN_PART_NOT_NAMED; todo.md: TODO_INVALID_CHECKBOX, TODO_NO_ITEMS; objectives.yaml: INVALID_OBJECTIVES, CONTRADICTORY_CONSTRAINTS, ' +
        'UNSOLVABLE_SCENARIO. Validate-and-price: ASSEMBLY_MISSING, YAML_SYNTAX, UNKNOWN_KEY, MISSING_FIELD, INVALID_TYPE, INVALID_VALUE, INVALID_METHOD, FIELD_NOT_FOR_METHOD, ' +
        'DUPLICATE_NAME, TEMPLATE_PLACEHOLDER, PART_NOT_DECLARED, UNKNOWN_PART, UNKNOWN_MATERIAL, MATERIAL_NOT_ALLOWED, MATERIAL_MISMATCH, METHOD_MISMATCH, ' +
        'COTS_NOT_DECLARED, COTS_UNKNOWN_PART, COTS_PRICE_MISMATCH, COTS_UNAVAILABLE, TOTALS_MISMATCH, OVER_TARGET, TARGET_EXCEEDS_CAP, OVER_CAP, ' +
        'JOINT_NOT_DECLARED, JOINT_MISMATCH, JOINT_PARTS_APART, JOINT_ANCHOR_OUTSIDE, FASTENER_NOT_IN_COTS, FASTENER_NOT_IN_HOLE, FASTENED_PARTS_APART, ' +
        'PARTS_INTERSECT, OUTSIDE_BUILD_ZONE, UNSOLVABLE_SCENARIO, INVALID_JOINT, VALIDATION_REQUIRED',
    }),
    message: Type.String({ description: 'What is wrong and how to fix it' }),
  },
  { description: 'One reason a handed-over file is refused' },
);

export const BenchmarkToolResponse = Type.Object(
  {
    success: Type.Boolean(),
    problems: Type.Optional(Type.Array(Problem, { description: 'validate (and the INT-018 gates of simulate/verify): every refusal, structured; [] on success' })),
    message: Type.String({ description: 'Outcome in words; starts with "queued at position N" when the request waited' }),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    artifacts: Type.Object(
      {
        failure: Failure,
        seed: Type.Optional(Type.Integer()),
        variant_id: Type.Optional(Type.String()),
        time_elapsed_s: Type.Optional(Type.Number()),
        render_paths: Type.Optional(Type.Array(Type.String())),
        renders: Type.Optional(
          Type.Union([
            Type.Null(),
            Type.Object(
              {
                views: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'view name (front, side, top, iso) → session path of its 320 × 240 PNG' })),
                video: Type.Optional(Type.Object({ path: Type.String(), frames: Type.Integer(), fps: Type.Number(), bytes: Type.Integer() })),
                error: Type.Optional(Type.String({ description: 'why rendering failed; the simulation result stands' })),
              },
              { description: 'simulate only: renders of a full-mode run (null for smoke runs): four views at the start pose and an MP4 of the run' },
            ),
          ]),
        ),
        scene: Type.Optional(Type.Unknown()),
        pricing: Type.Optional(
          Type.Union([
            Type.Null(),
            Type.Object(
              {
                config_path: Type.String(),
                currency: Type.String(),
                catalog_version: Type.Union([Type.String(), Type.Null()]),
                parts: Type.Array(
                  Type.Object(
                    {
                      name: Type.String(),
                      method: Type.String({ enum: ['CNC', '3DP', 'IM'] }),
                      material: Type.String(),
                      quantity: Type.Integer(),
                      holes: Type.Integer(),
                      volume_cm3: Type.Number({ description: 'measured from the exact solid' }),
                      surface_area_cm2: Type.Number(),
                      bbox_mm: Type.Array(Type.Number(), { description: 'bounding-box edge lengths X, Y, Z in mm' }),
                      mass_g: Type.Number({ description: 'volume × density' }),
                      figures: Type.Record(Type.String(), Type.Unknown(), {
                        description:
                          'CNC: stock_mm, stock_volume_cm3, stock_mass_kg, removed_volume_cm3, removal_rate_cm3_per_min, machining_time_min; 3DP: infill_factor, ' +
                          'deposited_volume_cm3, deposited_mass_g, print_rate_cm3_per_hour, print_time_h; IM: tooling_cost, shot_mass_kg, cycle_time_s',
                      }),
                      lines: Type.Record(Type.String(), Type.Number(), {
                        description: 'per-unit cost lines: CNC material, machining, setup, drilling; 3DP material, printing, setup, drilling; IM tooling, material, cycle, setup',
                      }),
                      unit_cost: Type.Number(),
                      batch_cost: Type.Number(),
                    },
                    { additionalProperties: true },
                  ),
                ),
                cots: Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'part_id, quantity, unit_price, catalog_price, weight_g, line_cost, line_weight_g' }),
                totals: Type.Object({ unit_cost: Type.Number(), weight_g: Type.Number() }, { description: 'computed per assembly' }),
                complete: Type.Boolean({ description: 'false when a part or COTS line could not be priced (totals partial, not compared)' }),
                declared: Type.Object({ unit_cost: Type.Number(), weight_g: Type.Number() }),
                planner_targets: Type.Object({ max_unit_cost: Type.Number(), max_weight_g: Type.Number() }),
                caps: Type.Object({}, { additionalProperties: true }),
              },
              { additionalProperties: true, description: 'validate only: the costing of assembly_definition.yaml from the measured geometry and config/manufacturing.yaml' },
            ),
          ]),
        ),
        final_speed: Type.Optional(Type.Number({ description: 'simulate: linear speed of the moved object at the end of the run, m/s' })),
        goal_rest: Type.Optional(
          Type.Object(
            {
              rest_speed_m_s: Type.Number({ description: 'GOAL_REST_SPEED: below this linear speed of its centre the moved object is at rest (0.05 m/s)' }),
              dwell_s: Type.Number({ description: 'GOAL_DWELL_S: success needs it inside the goal box and at rest this long without interruption (0.5 s)' }),
              max_in_goal_at_rest_s: Type.Number({ description: 'longest continuous time it was inside the goal at rest in this run' }),
              entered_goal: Type.Boolean({ description: 'its centre was inside the goal box at some step (passing through it is not success)' }),
            },
            { additionalProperties: true, description: 'simulate: the goal-rest rule and how close this run came to it. Success = the moved object RESTS in the goal zone.' },
          ),
        ),
        smoke_check: Type.Optional(
          Type.Union([
            Type.Null(),
            Type.Object(
              { horizon_s: Type.Number(), no_failure: Type.Boolean({ description: 'true when the smoke horizon came without any failure (the run is still TIMEOUT, never success)' }) },
              { additionalProperties: true },
            ),
          ], { description: 'simulate: smoke runs only (null for full runs)' }),
        ),
        motors: Type.Optional(
          Type.Array(
            Type.Object(
              {
                part: Type.String(),
                joint_type: Type.String(),
                controller: Type.String({ description: 'constant | sinusoidal | square | trapezoidal | position' }),
                servo: Type.Optional(
                  Type.String({
                    description:
                      'velocity: constant/sinusoidal/square/trapezoidal give a joint VELOCITY setpoint (m/s prismatic, rad/s revolute) tracked by a PI servo ' +
                      '(gains KV = 80 1/s, KI = 1600 1/s², scaled by effective_inertia; anti-windup); position: PD on the joint coordinate with the part gains kp, kd',
                  }),
                ),
                force_range: Type.Array(Type.Number()),
                effective_inertia: Type.Optional(Type.Number({ description: 'kg (prismatic) or kg·m² about the joint axis (revolute) at the start pose' })),
                peak_setpoint: Type.Optional(Type.Number({ description: 'largest |setpoint|: velocity (m/s, rad/s) or position target (m, rad)' })),
                peak_command: Type.Number({ description: 'largest effort the servo asked for before clamping, N or N·m' }),
                peak_applied: Type.Number({ description: 'largest effort applied: the demand clamped to force_range' }),
                clamped: Type.Boolean(),
                max_saturated_s: Type.Number({
                  description: 'longest continuous time the APPLIED effort (what the servo needed, up to the range) was ≥ 90 % of the range; MOTOR_OVERLOAD at 2 s',
                }),
                final_applied: Type.Optional(Type.Number({ description: 'applied effort at the end of the run' })),
              },
              { additionalProperties: true },
            ),
            { description: 'simulate: one entry per actuated joint (a joint with force_range and controller)' },
          ),
        ),
      },
      { additionalProperties: true },
    ),
    events: Type.Array(Event),
  },
  { $id: 'BenchmarkToolResponse' },
);
export type BenchmarkToolResponse = Static<typeof BenchmarkToolResponse>;
