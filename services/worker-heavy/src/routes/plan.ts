// POST /plan/check and POST /plan/submit: the planner's handoff gate (INT-005…008). Both run the
// validators of plan.md, todo.md, objectives.yaml and assembly_definition.yaml on the session's
// files (the light worker's bundle, or the shared sessions directory) and list every problem;
// submit also records the approval that the engineer's /benchmark/submit is later held to.
import { Type } from 'typebox';
import { errors } from '../../../shared/src/reply.ts';
import type { Service } from '../../../shared/src/service.ts';
import { appendEvent } from '../../../shared/src/events.ts';
import { APPROVAL_FILE, checkPlanFiles, recordApproval } from '../planning/gate.ts';
import { Event, Problem } from '../schemas.ts';
import { openWorkspace } from '../workspace.ts';
import { registerSessionRoutes, SessionHeaders } from './session.ts';

const PlanRequest = Type.Object(
  {
    bundle_base64: Type.Optional(
      Type.String({
        description:
          "The light worker's `POST /fs/bundle` (gzip tarball) in base64; the files are read from it. Without it they are read from the shared " +
          'sessions directory (404 when the session has no workspace on this worker).',
      }),
    ),
  },
  { additionalProperties: false },
);

const TodoItem = Type.Object({ text: Type.String(), state: Type.String({ enum: ['todo', 'done', 'in_progress', 'skipped'] }) });

const checkFields = {
  success: Type.Boolean(),
  message: Type.String(),
  problems: Type.Array(Problem, { description: 'Every problem of every file; empty when the plan is accepted' }),
  files: Type.Array(Type.Object({ file: Type.String(), status: Type.String({ enum: ['ok', 'missing', 'invalid'] }) })),
  todo_items: Type.Array(TodoItem),
};

const PlanCheckResponse = Type.Object(checkFields, { $id: 'PlanCheckResponse' });

const Approval = Type.Object(
  {
    session_id: Type.String(),
    approved_at: Type.String(),
    fingerprint: Type.String({ description: 'SHA-256 over the four files’ paths and hashes' }),
    files: Type.Array(Type.Object({ path: Type.String(), sha256: Type.Union([Type.String(), Type.Null()]), bytes: Type.Integer() })),
    todo_items: Type.Array(TodoItem, { description: 'The todo items as approved: /benchmark/submit refuses when one of them is gone' }),
  },
  { $id: 'PlanApproval' },
);

const PlanSubmitResponse = Type.Object({ ...checkFields, approval: Type.Union([Approval, Type.Null()]), events: Type.Array(Event) }, { $id: 'PlanSubmitResponse' });

const RULES =
  'The four files must exist and pass: plan.md has the headings "## 1. Solution Overview", "## 2. Parts List", "## 3. Assembly Strategy", ' +
  '"## 4. Cost & Weight Budget" ("and" for "&" is fine), "## 5. Risk Assessment" in that order (case and spacing tolerant); the Parts List holds ' +
  'a markdown table or bullets and names every manufactured part and COTS part ID of assembly_definition.yaml; the Assembly Strategy holds a ' +
  'numbered list; the Budget and the Risk Assessment a table or bullets. todo.md holds at least one checkbox and only "- [ ]", "- [x]", "- [/]", ' +
  '"- [-]" (any other checkbox-like line is refused naming its line). objectives.yaml: only known keys, no template placeholders (x_min, ' +
  '[x, y, z], TODO:, <…>), no negative jitter or caps (INVALID_OBJECTIVES); every zone min < max, goal and build zone inside simulation_bounds, the ' +
  'goal overlapping the build zone and clear of forbid zones (CONTRADICTORY_CONSTRAINTS); the moved object\'s start ± runtime_jitter, its size ' +
  'included, inside the build zone and the bounds, clear of forbid zones and not already in the goal (UNSOLVABLE_SCENARIO). ' +
  'assembly_definition.yaml passes the assembly validator (schema, methods CNC | 3DP | IM, no template values). A refusal is HTTP 200 with ' +
  'success:false, every problem of every file, and files[] saying which are missing or invalid.';

export function registerPlanRoutes(app: Service): void {
  registerSessionRoutes(app, (scope) => {
    scope.post(
      '/plan/check',
      {
        schema: {
          summary: "Check the planner's handoff files without recording anything",
          description: RULES,
          tags: ['plan'],
          headers: SessionHeaders,
          body: PlanRequest,
          response: { 200: PlanCheckResponse, ...errors(400, 404) },
        },
      },
      async (request) => {
        const ws = await openWorkspace(request.session.id, request.body.bundle_base64);
        try {
          return checkPlanFiles(ws.inputDir);
        } finally {
          ws.dispose();
        }
      },
    );

    scope.post(
      '/plan/submit',
      {
        schema: {
          summary: "The planner's handoff gate: accept the plan files and record the approval",
          description:
            `${RULES} On acceptance the worker writes ${APPROVAL_FILE} in its own state directory (outside every session): the todo items as ` +
            'approved and the four files\' hashes; POST /benchmark/submit then refuses a todo.md that lost an approved item or still has items not ' +
            '[x] or [-]. A later accepted submission replaces the approval. Appends plan_approved or plan_refused to the session\'s events.jsonl.',
          tags: ['plan'],
          headers: SessionHeaders,
          body: PlanRequest,
          response: { 200: PlanSubmitResponse, ...errors(400, 404) },
        },
      },
      async (request) => {
        const sessionId = request.session.id;
        const ws = await openWorkspace(sessionId, request.body.bundle_base64);
        try {
          const check = checkPlanFiles(ws.inputDir);
          const approval = check.success ? await recordApproval(sessionId, ws.inputDir, check) : null;
          const event = await appendEvent(ws.root, {
            event_type: approval ? 'plan_approved' : 'plan_refused',
            session_id: sessionId,
            source: 'worker-heavy',
            files: check.files,
            problems: check.problems.length,
            ...(approval ? { fingerprint: approval.fingerprint, todo_items: approval.todo_items.length } : {}),
          });
          return { ...check, approval, events: [event] };
        } finally {
          ws.dispose();
        }
      },
    );
  });
}
