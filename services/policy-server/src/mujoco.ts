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
 * Parses and compiles `xml`. Refused before MuJoCo sees it: anything but a `<mujoco>` root, and
 * any reference to a file (`<include>`, `file=`): a request carries its whole model.
 */
export async function loadModel(xml: string): Promise<LoadedModel> {
  const body = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '').trim();
  if (!/^<mujoco[\s>/]/.test(body)) throw new ModelError('xml_string has no <mujoco> root element');
  if (/<include\b/.test(body) || /\bfile\s*=/.test(body)) throw new ModelError('xml_string refers to files (<include> or file=): send the whole model inline');
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
