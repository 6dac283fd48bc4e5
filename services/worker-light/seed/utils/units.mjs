// Units and axis-aligned boxes. Lengths in millimetres, angles in radians.
export const mm = (v) => v;
export const cm = (v) => v * 10;
export const inch = (v) => v * 25.4;
export const deg = (v) => (v * Math.PI) / 180;

/** A box from its centre and size: box([0,0,0],[10,10,10]). */
export function box(center, size) {
  return {
    min: center.map((c, i) => c - size[i] / 2),
    max: center.map((c, i) => c + size[i] / 2),
  };
}

export function volume(b) {
  return b.max.reduce((v, hi, i) => v * Math.max(0, hi - b.min[i]), 1);
}

/** True when the boxes overlap by more than `tolerance` on every axis. */
export function intersects(a, b, tolerance = 0) {
  return a.min.every((lo, i) => Math.min(a.max[i], b.max[i]) - Math.max(lo, b.min[i]) > tolerance);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer, inner) {
  return inner.min.every((lo, i) => lo >= outer.min[i] && inner.max[i] <= outer.max[i]);
}
