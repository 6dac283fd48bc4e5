// MuJoCo, the official WebAssembly build: one module per process, one model and data per request
// (nothing mutable is shared between requests). MuJoCo's own error text is read from the C++
// exception it throws, so a caller learns what is wrong with its XML.
import type { MainModule, MjData, MjModel } from 'mujoco-js';

let loading: Promise<MainModule> | undefined;
let printed: string[] = [];

export function mujoco(): Promise<MainModule> {
  loading ??= import('mujoco-js').then(async ({ default: load }) => {
    const module = await load({ print: (s: string) => printed.push(s), printErr: (s: string) => printed.push(s) } as never);
    const fs = (module as unknown as { FS: { mkdir(p: string): void; mount(t: unknown, o: object, p: string): void }; MEMFS: unknown });
    fs.FS.mkdir('/models');
    fs.FS.mount(fs.MEMFS, { root: '.' }, '/models');
    return module;
  });
  return loading;
}

/** The XML is the caller's mistake: 400 with this message. */
export class ModelError extends Error {
  override name = 'ModelError';
}

export interface LoadedModel {
  mj: MainModule;
  model: MjModel;
  data: MjData;
  dispose(): void;
}

/** The C string a thrown mjXError / mjCError holds (its first member), read from the WASM heap. */
function exceptionText(mj: MainModule, error: { excPtr?: number }): string | undefined {
  if (typeof error.excPtr !== 'number') return undefined;
  const probe = new mj.DoubleBuffer(1);
  const heap = new Uint8Array((probe.GetView() as Float64Array).buffer);
  probe.delete();
  let end = error.excPtr;
  while (heap[end] !== 0 && end - error.excPtr < 1000) end++;
  return new TextDecoder().decode(heap.subarray(error.excPtr, end)).trim();
}

let counter = 0;

/**
 * Limits of what one request may ask MuJoCo to build: the WASM heap is shared by every request
 * and never shrinks, and compile time grows about with the square of the body count (20 000
 * bodies held the server for over a minute, deaf to SIGTERM).
 */
export const MODEL_LIMITS = { bodies: 300, geoms: 600, dofs: 400, memoryBytes: 256 * 2 ** 20 } as const;

/** What is refused before MuJoCo sees it, by the XML's text. */
function checkModelText(body: string): void {
  if (/<include\b/.test(body) || /\b(file|meshdir|texturedir|assetdir)\s*=/.test(body)) {
    throw new ModelError('xml_string refers to files (<include>, file=, …dir=): send the whole model inline');
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new ModelError('xml_string: DOCTYPE and entity declarations are not allowed');
  const generator = /<(replicate|composite|flexcomp|attach)\b/.exec(body);
  if (generator) throw new ModelError(`xml_string: <${generator[1]}> (elements that generate bodies) is not allowed: list bodies explicitly`);
  for (const [element, limit] of [['body', MODEL_LIMITS.bodies], ['geom', MODEL_LIMITS.geoms]] as const) {
    const count = body.match(new RegExp(`<${element}\\b`, 'g'))?.length ?? 0;
    if (count > limit) throw new ModelError(`xml_string has ${count} <${element}> elements; at most ${limit}`);
  }
  const memory = /<size\b[^>]*\bmemory\s*=\s*"\s*(\d+(?:\.\d+)?)\s*([KMGTPE]?)\s*"/i.exec(body);
  if (memory) {
    const scale: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, P: 2 ** 50, E: 2 ** 60 };
    if (Number(memory[1]) * scale[memory[2]!.toUpperCase()]! > MODEL_LIMITS.memoryBytes) {
      throw new ModelError(`xml_string: <size memory="${memory[1]}${memory[2]}"> is over this server's limit of ${MODEL_LIMITS.memoryBytes / 2 ** 20}M`);
    }
  }
}

/**
 * Parses and compiles `xml`. Refused before MuJoCo sees it: anything but a `<mujoco>` root, and
 * any reference to a file (`<include>`, `file=`): a request carries its whole model.
 */
export async function loadModel(xml: string): Promise<LoadedModel> {
  const body = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '').trim();
  if (!/^<mujoco[\s>/]/.test(body)) throw new ModelError('xml_string has no <mujoco> root element');
  checkModelText(body);
  const mj = await mujoco();
  const fs = (mj as unknown as { FS: { writeFile(p: string, d: string): void; unlink(p: string): void } }).FS;
  const file = `/models/m${++counter}.xml`;
  fs.writeFile(file, xml);
  printed = [];
  let model: MjModel | null = null;
  try {
    model = mj.MjModel.loadFromXML(file);
  } catch (error) {
    const text = exceptionText(mj, error as { excPtr?: number });
    (mj as unknown as { decrementExceptionRefcount?(e: unknown): void }).decrementExceptionRefcount?.(error);
    throw new ModelError(`MuJoCo rejected the model: ${text ?? (error as Error).name ?? String(error)}`);
  } finally {
    fs.unlink(file);
  }
  if (!model) throw new ModelError(`MuJoCo could not parse the XML: ${printed.join(' ').replace(/\s+/g, ' ').trim() || 'no detail given'}`);
  if (model.nv > MODEL_LIMITS.dofs) {
    model.delete();
    throw new ModelError(`the model has ${model.nv} degrees of freedom; at most ${MODEL_LIMITS.dofs}`);
  }
  const data = new mj.MjData(model);
  let disposed = false;
  return {
    mj,
    model,
    data,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      data.delete();
      model!.delete();
    },
  };
}
