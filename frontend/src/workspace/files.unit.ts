import { expect, test } from '@playwright/test';
import type { Episode } from '../api/types.ts';
import { assetPath, buildTree, simulationOutputs, workspaceFiles } from './files.ts';

const episode = (over: Partial<Episode>): Episode => ({
  id: 'e1',
  session_id: 'INT-164-aa',
  task: 't',
  status: 'completed',
  created_at: '',
  updated_at: '',
  plan: null,
  todo_list: null,
  traces: [],
  assets: [],
  ...over,
});

test('asset rows map to workspace paths after the episode or session segment', () => {
  const e = episode({});
  expect(assetPath({ id: 1, asset_type: 'file', s3_path: 's3://artifacts/episodes/e1/parts/arm.ts', created_at: '' }, e)).toBe('parts/arm.ts');
  expect(assetPath({ id: 1, asset_type: 'file', s3_path: 'INT-164-aa/script.ts', created_at: '' }, e)).toBe('script.ts');
  expect(assetPath({ id: 1, asset_type: 'file', s3_path: 'x', path: '/plan.md', created_at: '' }, e)).toBe('plan.md');
});

test('files come from assets, written paths and file updates; the tree puts folders first', () => {
  const e = episode({
    assets: [{ id: 1, asset_type: 'file', s3_path: 'episodes/e1/script.ts', created_at: '' }],
    traces: [
      { id: 2, trace_type: 'tool_start', name: 'write_file', content: null, metadata: { arguments: { path: '/parts/b.ts' } }, feedback_score: null, feedback_comment: null, created_at: '' },
      { id: 3, trace_type: 'tool_start', name: 'write_file', content: null, metadata: { arguments: { path: 'bad.ts' } }, feedback_score: null, feedback_comment: null, created_at: '' },
      { id: 4, trace_type: 'tool_start', name: 'write_file', content: null, metadata: { arguments: { path: 'plan.md' } }, feedback_score: null, feedback_comment: null, created_at: '' },
      { id: 5, trace_type: 'tool_end', name: 'write_file', content: null, metadata: { ok: true }, feedback_score: null, feedback_comment: null, created_at: '' },
      { id: 6, trace_type: 'tool_end', name: 'write_file', content: null, metadata: { ok: false }, feedback_score: null, feedback_comment: null, created_at: '' },
    ],
  });
  const files = workspaceFiles(e, ['objectives.yaml']);
  // parts/b.ts was written; bad.ts failed; plan.md's write has not ended yet.
  expect(files).toEqual(['objectives.yaml', 'parts/b.ts', 'script.ts']);
  expect(buildTree(files).map((n) => n.name)).toEqual(['parts', 'objectives.yaml', 'script.ts']);
});

test('simulation outputs: the result file, renders in view order, the video; nothing else counts', () => {
  const files = ['renders/top.png', 'renders/iso.png', 'renders/front.png', 'renders/side.png', 'renders/simulation.mp4', 'simulation_result.json', 'notes/renders/x.png', 'render.png'];
  expect(simulationOutputs(files)).toEqual({
    result: 'simulation_result.json',
    renders: ['front', 'side', 'top', 'iso'].map((view) => ({ view, path: `renders/${view}.png` })),
    video: 'renders/simulation.mp4',
  });
  expect(simulationOutputs(['script.ts'])).toEqual({ result: null, renders: [], video: null });
});
