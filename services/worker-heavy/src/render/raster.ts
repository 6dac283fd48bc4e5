// A small software rasterizer: orthographic views of triangle meshes with a depth buffer and
// Lambert shading, zone boxes drawn as coloured wireframes on top, PNG out. Pure JavaScript, so
// renders need no GPU, no browser and no download on any machine the worker runs on.
import { PNG } from 'pngjs';

export type Rgb = [number, number, number];
export type V3 = [number, number, number];

export interface MeshItem {
  /** World coordinates, x y z per vertex. */
  vert: ArrayLike<number>;
  tri: ArrayLike<number>;
  color: Rgb;
}

export interface BoxItem {
  min: readonly number[];
  max: readonly number[];
  color: Rgb;
}

/** A view direction (from the eye towards the scene) and the screen's up vector. */
export interface View {
  name: string;
  dir: V3;
  up: V3;
}

export const VIEWS: readonly View[] = [
  { name: 'front', dir: [0, 1, 0], up: [0, 0, 1] },
  { name: 'side', dir: [-1, 0, 0], up: [0, 0, 1] },
  { name: 'top', dir: [0, 0, -1], up: [0, 1, 0] },
  { name: 'iso', dir: [-1, 1, -0.8], up: [0, 0, 1] },
];

const sub = (a: readonly number[], b: readonly number[]): V3 => [a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!];
const dot = (a: readonly number[], b: readonly number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
const cross = (a: readonly number[], b: readonly number[]): V3 => [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
const unit = (a: readonly number[]): V3 => {
  const n = Math.hypot(a[0]!, a[1]!, a[2]!) || 1;
  return [a[0]! / n, a[1]! / n, a[2]! / n];
};

/** Camera basis of a view: right, up, forward (unit vectors). */
export function basis(view: View): { right: V3; up: V3; fwd: V3 } {
  const fwd = unit(view.dir);
  const right = unit(cross(fwd, view.up));
  return { right, up: cross(right, fwd), fwd };
}

export const BACKGROUND: Rgb = [245, 246, 248];
const LIGHT: V3 = unit([0.4, -0.5, 0.75]);

export class Frame {
  readonly rgba: Uint8Array;
  private readonly depth: Float32Array;
  private readonly b: ReturnType<typeof basis>;
  private readonly scale: number;
  private readonly cx: number;
  private readonly cy: number;

  /** Fits `bounds` (world box) into a width × height image seen along `view`. */
  constructor(
    readonly width: number,
    readonly height: number,
    view: View,
    bounds: { min: readonly number[]; max: readonly number[] },
  ) {
    this.rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) this.rgba.set([...BACKGROUND, 255], i * 4);
    this.depth = new Float32Array(width * height).fill(Infinity);
    this.b = basis(view);
    let [minU, maxU, minV, maxV] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const x of [bounds.min[0]!, bounds.max[0]!]) for (const y of [bounds.min[1]!, bounds.max[1]!]) for (const z of [bounds.min[2]!, bounds.max[2]!]) {
      const u = dot([x, y, z], this.b.right), v = dot([x, y, z], this.b.up);
      [minU, maxU, minV, maxV] = [Math.min(minU, u), Math.max(maxU, u), Math.min(minV, v), Math.max(maxV, v)];
    }
    const margin = 0.9;
    this.scale = margin * Math.min(width / Math.max(maxU - minU, 1e-6), height / Math.max(maxV - minV, 1e-6));
    this.cx = width / 2 - this.scale * (minU + maxU) / 2;
    this.cy = height / 2 + this.scale * (minV + maxV) / 2;
  }

  /** Screen x, y (pixels) and depth of a world point. */
  project(p: readonly number[]): V3 {
    return [this.cx + this.scale * dot(p, this.b.right), this.cy - this.scale * dot(p, this.b.up), dot(p, this.b.fwd)];
  }

  mesh(m: MeshItem): void {
    const { vert, tri } = m;
    for (let t = 0; t + 2 < tri.length; t += 3) {
      const p = [tri[t]!, tri[t + 1]!, tri[t + 2]!].map((i) => [vert[i * 3]!, vert[i * 3 + 1]!, vert[i * 3 + 2]!] as V3);
      const n = unit(cross(sub(p[1]!, p[0]!), sub(p[2]!, p[0]!)));
      // Two-sided: a face seen from behind is lit by its other side.
      const lit = 0.35 + 0.65 * Math.abs(dot(n, LIGHT));
      const color: Rgb = [m.color[0] * lit, m.color[1] * lit, m.color[2] * lit];
      this.triangle(p.map((q) => this.project(q)) as [V3, V3, V3], color);
    }
  }

  /** A box's twelve edges, 2 px wide, drawn over everything. */
  box(b: BoxItem): void {
    const c = (i: number): V3 => [(i & 1 ? b.max : b.min)[0]!, (i & 2 ? b.max : b.min)[1]!, (i & 4 ? b.max : b.min)[2]!];
    for (let i = 0; i < 8; i++) for (const bit of [1, 2, 4]) if (!(i & bit)) this.line(this.project(c(i)), this.project(c(i | bit)), b.color);
  }

  png(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    png.data = Buffer.from(this.rgba);
    return PNG.sync.write(png);
  }

  private triangle([a, b, c]: [V3, V3, V3], color: Rgb): void {
    const area = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    if (Math.abs(area) < 1e-12) return;
    const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0], c[0])));
    const x1 = Math.min(this.width - 1, Math.ceil(Math.max(a[0], b[0], c[0])));
    const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1], c[1])));
    const y1 = Math.min(this.height - 1, Math.ceil(Math.max(a[1], b[1], c[1])));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5, py = y + 0.5;
        const w0 = ((b[0] - px) * (c[1] - py) - (b[1] - py) * (c[0] - px)) / area;
        const w1 = ((c[0] - px) * (a[1] - py) - (c[1] - py) * (a[0] - px)) / area;
        const w2 = 1 - w0 - w1;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        const z = w0 * a[2] + w1 * b[2] + w2 * c[2];
        const i = y * this.width + x;
        if (z >= this.depth[i]!) continue;
        this.depth[i] = z;
        this.rgba[i * 4] = color[0];
        this.rgba[i * 4 + 1] = color[1];
        this.rgba[i * 4 + 2] = color[2];
      }
    }
  }

  private line(a: V3, b: V3, color: Rgb): void {
    const steps = Math.ceil(Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1]), 1));
    for (let s = 0; s <= steps; s++) {
      const x = Math.round(a[0] + ((b[0] - a[0]) * s) / steps), y = Math.round(a[1] + ((b[1] - a[1]) * s) / steps);
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1]] as const) {
        const px = x + dx, py = y + dy;
        if (px < 0 || py < 0 || px >= this.width || py >= this.height) continue;
        this.rgba.set(color, (py * this.width + px) * 4);
      }
    }
  }
}
