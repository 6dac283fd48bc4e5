// POST /benchmark/validate (validate-and-price) as a job: runs the build script, checks the
// assembly (geometry, materials, build zone, objectives) and assembly_definition.yaml (parts,
// materials per method, pricing, COTS, mating, totals, targets and caps); writes
// validation_results.json, emits manufacturability_check and records the outcome against the
// fingerprint of the inputs (script + imports, objectives.yaml, assembly_definition.yaml).
import type { BenchmarkRequest } from '../schemas.ts';
import { validateAssembly } from '../validate.ts';
import { openWorkspace } from '../workspace.ts';
import { defaultVariant, inputsOf, load, record, Recorder, scriptPathIn, VALIDATION_FILE, writeJson, type Response } from './io.ts';

export async function validateJob(sessionId: string, body: BenchmarkRequest): Promise<Response> {
  const ws = await openWorkspace(sessionId, body.bundle_base64);
  try {
    const rec = new Recorder(ws.root, sessionId);
    const scriptPath = await scriptPathIn(ws, body.script_path);
    const loaded = await load(ws, scriptPath);
    if ('failure' in loaded) {
      const report = { success: false, failure: loaded.failure, script_path: scriptPath, checked_at: new Date().toISOString() };
      await writeJson(ws.root, VALIDATION_FILE, report);
      await record(sessionId, 'validation', scriptPath, inputsOf(ws, scriptPath, loaded), false, loaded.failure, {});
      await rec.emit('manufacturability_check', { success: false, script_path: scriptPath, failure: loaded.failure });
      return { success: false, message: `VALIDATION_FAILED: ${loaded.failure.detail}`, confidence: 1, problems: [{ file: scriptPath, code: 'VALIDATION_FAILED', message: loaded.failure.detail }], artifacts: { failure: loaded.failure, validation_path: VALIDATION_FILE, script_path: scriptPath }, events: rec.events };
    }
    const report = await validateAssembly(loaded.session.parts, loaded.session.objectives, loaded.session.assemblyText, scriptPath);
    const variant_id = body.variant_id ?? defaultVariant(loaded.session);
    await writeJson(ws.root, VALIDATION_FILE, { ...report, script_path: scriptPath, variant_id, checked_at: new Date().toISOString() });
    await record(sessionId, 'validation', scriptPath, inputsOf(ws, scriptPath, loaded), report.success, report.failure, {
      variant_id,
      part_count: report.totals.part_count,
      mass_g: report.totals.mass_g,
      cost: report.totals.cost,
      parts: report.parts.map((p) => ({ name: p.name, material_id: p.material_id, mass_g: p.mass_g, cost: p.cost })),
      pricing: report.pricing ? { totals: report.pricing.totals, catalog_version: report.pricing.catalog_version } : null,
    });
    await rec.emit('manufacturability_check', {
      success: report.success,
      script_path: scriptPath,
      failure: report.failure,
      total_mass_g: report.totals.mass_g,
      total_cost: report.totals.cost,
      errors: [...report.errors, ...report.manufacturability_errors],
      problems: report.problems,
    });
    const message = report.success
      ? `validation passed: ${report.totals.part_count} parts, ${report.totals.mass_g.toFixed(1)} g, cost ${report.totals.cost.toFixed(2)}`
      : `${report.failure!.reason}: ${report.failure!.detail}`;
    const { success, failure, problems, ...rest } = report;
    return { success, message, confidence: 1, problems, artifacts: { failure, ...rest, variant_id, validation_path: VALIDATION_FILE, script_path: scriptPath }, events: rec.events };
  } finally {
    ws.dispose();
  }
}
