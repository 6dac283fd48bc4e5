// Builds the Rapier world for one run: fixed parts as static colliders, free/jointed parts as
// dynamic bodies (mass = solid volume × material density, the volume measured by the worker),
// joints as Rapier impulse joints, the moved object as a dynamic body at its (jittered) start,
// forbid zones as sensors. Every dynamic body has CCD, so small fast bodies do not tunnel. Z up.
import RAPIER from '@dimforge/rapier3d-compat';
import type { ChildPart } from '../cad/run-script.ts';
import type { ControllerSpec, JointSpec } from '../cad/index.ts';
import { isConvex, solidify } from '../geometry.ts';
import { materialOf } from '../materials.ts';
import type { Objectives, Vec3 } from '../objectives.ts';

export const GRAVITY: Vec3 = [0, 0, -9.81];
export const TIMESTEP_S = 1 / 240;
export const CCD_SUBSTEPS = 4;

let ready: Promise<void> | undefined;
export function loadPhysics(): Promise<void> {
  ready ??= RAPIER.init();
  return ready;
}

export interface SceneBody {
  name: string;
  body: RAPIER.RigidBody;
  collider: RAPIER.Collider;
  kind: 'fixed' | 'dynamic';
  collider_shape: string;
  mass_kg: number;
}

export interface SceneMotor {
  part: string;
  type: 'revolute' | 'prismatic';
  child: RAPIER.RigidBody;
  parent: RAPIER.RigidBody;
  anchorChild: Vec3;
  anchorParent: Vec3;
  axis: Vec3;
  force_range: [number, number];
  controller: ControllerSpec;
  /** Effective inertia along the joint at the start pose: kg (prismatic) or kg·m² about the axis through the anchor (revolute); reduced over child and a dynamic parent. */
  inertia: number;
}

export interface Scene {
  world: RAPIER.World;
  bodies: SceneBody[];
  moved: SceneBody;
  forbid: { name: string; collider: RAPIER.Collider }[];
  motors: SceneMotor[];
  description: SceneDescription;
}

export interface SceneDescription {
  engine: string;
  timestep_s: number;
  gravity: Vec3;
  bodies: { name: string; kind: 'fixed' | 'dynamic'; collider: string; mass_kg: number; material_id: string }[];
  joints: { part: string; type: JointSpec['type']; parent: string; anchor: Vec3; axis: Vec3; limits: [number, number] | null; force_range: [number, number] | null; controller: string | null }[];
  moved_object: { label: string; shape: string; start_position: Vec3; jitter: Vec3 };
  zones: { goal: Objectives['objectives']['goal_zone']; forbid: Objectives['objectives']['forbid_zones']; bounds: Objectives['simulation_bounds'] };
}

/** Volume-weighted centroid of a closed triangle mesh. */
export function meshCentroid(vert: readonly number[], tri: readonly number[]): Vec3 {
  let vol = 0;
  const c = [0, 0, 0];
  for (let i = 0; i < tri.length; i += 3) {
    const a = tri[i]! * 3, b = tri[i + 1]! * 3, d = tri[i + 2]! * 3;
    const [ax, ay, az] = [vert[a]!, vert[a + 1]!, vert[a + 2]!];
    const [bx, by, bz] = [vert[b]!, vert[b + 1]!, vert[b + 2]!];
    const [cx, cy, cz] = [vert[d]!, vert[d + 1]!, vert[d + 2]!];
    const v = (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
    vol += v;
    c[0]! += v * (ax + bx + cx) / 4;
    c[1]! += v * (ay + by + cy) / 4;
    c[2]! += v * (az + bz + cz) / 4;
  }
  return vol === 0 ? [0, 0, 0] : (c.map((x) => x / vol) as Vec3);
}

const v3 = (v: readonly number[]) => ({ x: v[0]!, y: v[1]!, z: v[2]! });
const normalize = (v: readonly number[]): Vec3 => {
  const n = Math.hypot(...v);
  return [v[0]! / n, v[1]! / n, v[2]! / n];
};

export async function buildScene(parts: ChildPart[], objectives: Objectives, start: Vec3, jitter: Vec3): Promise<Scene> {
  await loadPhysics();
  const world = new RAPIER.World(v3(GRAVITY));
  world.timestep = TIMESTEP_S;
  // With the default single CCD substep a 2 mm ball falling 1.4 m (≈ 2 cm per step) still
  // passes through a 2 cm plate; a few substeps let CCD resolve the impact it detects.
  world.integrationParameters.maxCcdSubsteps = CCD_SUBSTEPS;
  const ground = world.createRigidBody(RAPIER.RigidBodyDesc.fixed());
  const bodies: SceneBody[] = [];
  const byName = new Map<string, SceneBody>();
  const description: SceneDescription = {
    engine: `rapier3d ${RAPIER.version()}`,
    timestep_s: TIMESTEP_S,
    gravity: GRAVITY,
    bodies: [],
    joints: [],
    moved_object: { label: objectives.moved_object.label, shape: objectives.moved_object.shape, start_position: start, jitter },
    zones: { goal: objectives.objectives.goal_zone, forbid: objectives.objectives.forbid_zones, bounds: objectives.simulation_bounds },
  };

  for (const part of parts) {
    const material = materialOf(part.metadata.material_id as string)!;
    const fixed = part.metadata.fixed === true;
    const solid = await solidify(part);
    const convex = isConvex(solid.manifold);
    solid.manifold.delete();
    const origin: Vec3 = fixed ? [0, 0, 0] : meshCentroid(part.mesh.vert, part.mesh.tri);
    const local = Float32Array.from(part.mesh.vert, (x, i) => x - origin[i % 3]!);
    const shape = convex ? 'convex_hull' : 'trimesh';
    let desc = convex ? RAPIER.ColliderDesc.convexHull(local) : RAPIER.ColliderDesc.trimesh(local, Uint32Array.from(part.mesh.tri));
    if (!desc) desc = RAPIER.ColliderDesc.trimesh(local, Uint32Array.from(part.mesh.tri));
    const mass = part.volume * material.density_kg_m3;
    desc.setFriction(material.friction).setRestitution(material.restitution);
    if (!fixed) desc.setMass(mass);
    const body = world.createRigidBody(
      (fixed ? RAPIER.RigidBodyDesc.fixed() : RAPIER.RigidBodyDesc.dynamic().setCanSleep(false).setCcdEnabled(true)).setTranslation(...origin),
    );
    const collider = world.createCollider(desc, body);
    const entry: SceneBody = { name: part.name, body, collider, kind: fixed ? 'fixed' : 'dynamic', collider_shape: shape, mass_kg: mass };
    bodies.push(entry);
    byName.set(part.name, entry);
    description.bodies.push({ name: part.name, kind: entry.kind, collider: shape, mass_kg: mass, material_id: material.id });
  }

  const motors: SceneMotor[] = [];
  for (const part of parts) {
    const joint = part.metadata.joint as JointSpec | undefined;
    if (!joint) continue;
    const child = byName.get(part.name)!.body;
    const parent = joint.parent ? byName.get(joint.parent)!.body : ground;
    const pc = parent.translation();
    const cc = child.translation();
    const anchorParent: Vec3 = [joint.anchor[0] - pc.x, joint.anchor[1] - pc.y, joint.anchor[2] - pc.z];
    const anchorChild: Vec3 = [joint.anchor[0] - cc.x, joint.anchor[1] - cc.y, joint.anchor[2] - cc.z];
    const axis = normalize(joint.axis ?? [0, 0, 1]);
    const data =
      joint.type === 'revolute'
        ? RAPIER.JointData.revolute(v3(anchorParent), v3(anchorChild), v3(axis))
        : joint.type === 'prismatic'
          ? RAPIER.JointData.prismatic(v3(anchorParent), v3(anchorChild), v3(axis))
          : RAPIER.JointData.fixed(v3(anchorParent), { x: 0, y: 0, z: 0, w: 1 }, v3(anchorChild), { x: 0, y: 0, z: 0, w: 1 });
    if (joint.limits && joint.type !== 'fixed') {
      data.limitsEnabled = true;
      data.limits = [...joint.limits];
    }
    world.createImpulseJoint(data, parent, child, true);
    description.joints.push({
      part: part.name,
      type: joint.type,
      parent: joint.parent ?? 'world',
      anchor: joint.anchor,
      axis,
      limits: joint.limits ?? null,
      force_range: joint.force_range ?? null,
      controller: joint.controller?.type ?? null,
    });
    if (joint.controller && joint.force_range && joint.type !== 'fixed') {
      const inertia = effectiveInertia(joint.type, child, parent, joint.anchor, axis);
      motors.push({ part: part.name, type: joint.type, child, parent, anchorChild, anchorParent, axis, force_range: joint.force_range, controller: joint.controller, inertia });
    }
  }

  const m = objectives.moved_object;
  const mat = materialOf(m.material_id)!;
  const movedDesc =
    m.shape === 'sphere'
      ? RAPIER.ColliderDesc.ball(m.radius)
      : m.shape === 'box'
        ? RAPIER.ColliderDesc.cuboid(m.size[0] / 2, m.size[1] / 2, m.size[2] / 2)
        : RAPIER.ColliderDesc.cylinder(m.height / 2, m.radius).setRotation({ x: Math.SQRT1_2, y: 0, z: 0, w: Math.SQRT1_2 });
  movedDesc.setDensity(mat.density_kg_m3).setFriction(mat.friction).setRestitution(mat.restitution);
  const movedBody = world.createRigidBody(RAPIER.RigidBodyDesc.dynamic().setTranslation(...start).setCcdEnabled(true).setCanSleep(false));
  const movedCollider = world.createCollider(movedDesc, movedBody);
  const moved: SceneBody = { name: m.label, body: movedBody, collider: movedCollider, kind: 'dynamic', collider_shape: m.shape, mass_kg: movedVolume(m) * mat.density_kg_m3 };
  description.bodies.unshift({ name: m.label, kind: 'dynamic', collider: m.shape, mass_kg: moved.mass_kg, material_id: mat.id });

  const forbid = objectives.objectives.forbid_zones.map((z) => {
    const half = z.max.map((v, i) => (v - z.min[i]!) / 2);
    const center = z.max.map((v, i) => (v + z.min[i]!) / 2);
    const collider = world.createCollider(
      RAPIER.ColliderDesc.cuboid(half[0]!, half[1]!, half[2]!).setTranslation(center[0]!, center[1]!, center[2]!).setSensor(true),
      ground,
    );
    return { name: z.name, collider };
  });

  return { world, bodies: [moved, ...bodies], moved, forbid, motors, description };
}

/** One body's inertia along a joint: its mass (prismatic) or its moment of inertia about the axis through the anchor (revolute). */
function bodyInertia(type: 'revolute' | 'prismatic', body: RAPIER.RigidBody, anchor: Vec3, axis: Vec3): number {
  const m = body.mass();
  if (type === 'prismatic') return m;
  const I = body.effectiveAngularInertia();
  const [x, y, z] = axis;
  const about = I.m11 * x * x + I.m22 * y * y + I.m33 * z * z + 2 * (I.m12 * x * y + I.m13 * x * z + I.m23 * y * z);
  const c = body.worldCom();
  const r = [c.x - anchor[0], c.y - anchor[1], c.z - anchor[2]];
  const along = r[0]! * x + r[1]! * y + r[2]! * z;
  const perp2 = r[0]! ** 2 + r[1]! ** 2 + r[2]! ** 2 - along * along;
  return about + m * Math.max(0, perp2);
}

/**
 * Effective inertia a joint's actuator drives (scales the velocity servo's gains): the child's,
 * reduced with a dynamic parent's (m_c·m_p / (m_c + m_p)). Bodies coupled through other joints
 * only add inertia, so this is a lower bound and the servo stays stable on heavier chains.
 */
export function effectiveInertia(type: 'revolute' | 'prismatic', child: RAPIER.RigidBody, parent: RAPIER.RigidBody, anchor: Vec3, axis: Vec3): number {
  const c = bodyInertia(type, child, anchor, axis);
  const value = parent.isDynamic() ? (() => {
    const p = bodyInertia(type, parent, anchor, axis);
    return (c * p) / (c + p);
  })() : c;
  return Number.isFinite(value) && value > 1e-12 ? value : 1e-12;
}

function movedVolume(m: Objectives['moved_object']): number {
  if (m.shape === 'sphere') return (4 / 3) * Math.PI * m.radius ** 3;
  if (m.shape === 'cylinder') return Math.PI * m.radius ** 2 * m.height;
  return m.size[0] * m.size[1] * m.size[2];
}
