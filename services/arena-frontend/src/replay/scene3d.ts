// Draws a MuJoCo model's geoms with three.js. Each geom is one mesh built once from the model
// (type, size, colour); every frame only its pose changes, copied from data.geom_xpos and
// data.geom_xmat (row-major 3×3) after mj_forward. MuJoCo's world is z-up, so is the camera.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Replay } from './mujoco.ts';

// mjtGeom values (mujoco-js: mujoco.mjtGeom).
const PLANE = 0, SPHERE = 2, CAPSULE = 3, ELLIPSOID = 4, CYLINDER = 5, BOX = 6, MESH = 7;
const DEFAULT_RGBA = [0.5, 0.5, 0.5, 1];

export type Theme = 'light' | 'dark';
export const CANVAS_BACKGROUND = { light: 0xf4f6f8, dark: 0x161b22 } as const;
/** A floor left in MuJoCo's default grey takes the theme's colour instead (a bright floor glares in dark). */
const FLOOR = { light: 0xd5dce4, dark: 0x2b323c } as const;

function geometryFor(replay: Replay, g: number): THREE.BufferGeometry | null {
  const m = replay.model;
  const type = (m.geom_type as ArrayLike<number>)[g]!;
  const size = m.geom_size as ArrayLike<number>;
  const [a, b, c] = [size[3 * g]!, size[3 * g + 1]!, size[3 * g + 2]!];
  switch (type) {
    case PLANE: {
      // A zero size means infinite in MuJoCo: draw a generous floor.
      const w = a > 0 ? 2 * a : 20;
      const h = b > 0 ? 2 * b : 20;
      return new THREE.PlaneGeometry(w, h);
    }
    case SPHERE:
      return new THREE.SphereGeometry(a, 24, 16);
    case ELLIPSOID: {
      const s = new THREE.SphereGeometry(1, 24, 16);
      s.scale(a, b, c);
      return s;
    }
    case CAPSULE: {
      // three's capsule runs along y; MuJoCo's along the geom's z.
      const cap = new THREE.CapsuleGeometry(a, 2 * b, 8, 16);
      cap.rotateX(Math.PI / 2);
      return cap;
    }
    case CYLINDER: {
      const cyl = new THREE.CylinderGeometry(a, a, 2 * b, 24);
      cyl.rotateX(Math.PI / 2);
      return cyl;
    }
    case BOX:
      return new THREE.BoxGeometry(2 * a, 2 * b, 2 * c);
    case MESH: {
      const id = (m.geom_dataid as ArrayLike<number>)[g]!;
      if (id < 0) return null;
      const vAdr = (m.mesh_vertadr as ArrayLike<number>)[id]!;
      const vNum = (m.mesh_vertnum as ArrayLike<number>)[id]!;
      const fAdr = (m.mesh_faceadr as ArrayLike<number>)[id]!;
      const fNum = (m.mesh_facenum as ArrayLike<number>)[id]!;
      const verts = (m.mesh_vert as Float32Array).slice(3 * vAdr, 3 * (vAdr + vNum));
      const faces = (m.mesh_face as Int32Array).slice(3 * fAdr, 3 * (fAdr + fNum));
      const geom = new THREE.BufferGeometry();
      geom.setAttribute('position', new THREE.BufferAttribute(new Float32Array(verts), 3));
      geom.setIndex(Array.from(faces));
      geom.computeVertexNormals();
      return geom;
    }
    default:
      return null; // heightfields, SDFs: not in our assets
  }
}

function colourFor(replay: Replay, g: number): [number, number, number, number] {
  const m = replay.model;
  const rgba = m.geom_rgba as ArrayLike<number>;
  let c = [rgba[4 * g]!, rgba[4 * g + 1]!, rgba[4 * g + 2]!, rgba[4 * g + 3]!];
  const mat = (m.geom_matid as ArrayLike<number>)[g]!;
  // As in MuJoCo: a material's colour applies when the geom keeps the default rgba.
  if (mat >= 0 && c.every((v, i) => v === DEFAULT_RGBA[i])) {
    const mr = m.mat_rgba as ArrayLike<number>;
    c = [mr[4 * mat]!, mr[4 * mat + 1]!, mr[4 * mat + 2]!, mr[4 * mat + 3]!];
  }
  return c as [number, number, number, number];
}

export class GeomScene {
  readonly renderer: THREE.WebGLRenderer;
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera(45, 1, 0.01, 100);
  readonly controls: OrbitControls;
  private readonly meshes: (THREE.Mesh | null)[] = [];
  private readonly matrix = new THREE.Matrix4();
  private framed = false;

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly replay: Replay,
  ) {
    // preserveDrawingBuffer: the frame stays readable (tests compare pixels, screenshots copy it).
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.camera.up.set(0, 0, 1);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener('change', () => this.render());

    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x445566, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(1.5, -1, 3);
    this.scene.add(sun);

    const ngeom = replay.model.ngeom;
    for (let g = 0; g < ngeom; g++) {
      const geometry = geometryFor(replay, g);
      const [r, gr, b, a] = colourFor(replay, g);
      if (!geometry || a === 0) {
        this.meshes.push(null);
        continue;
      }
      const isPlane = (replay.model.geom_type as ArrayLike<number>)[g] === PLANE;
      const defaultColour = [r, gr, b, a].every((v, i) => v === DEFAULT_RGBA[i]);
      const material = new THREE.MeshStandardMaterial({
        color: new THREE.Color(r, gr, b),
        transparent: a < 1,
        opacity: a,
        roughness: isPlane ? 0.95 : 0.6,
        metalness: 0.05,
        side: isPlane ? THREE.DoubleSide : THREE.FrontSide,
      });
      const mesh = new THREE.Mesh(geometry, material);
      mesh.matrixAutoUpdate = false;
      mesh.userData.plane = isPlane;
      mesh.userData.themedFloor = isPlane && defaultColour;
      this.scene.add(mesh);
      this.meshes.push(mesh);
    }
  }

  setTheme(theme: Theme): void {
    this.scene.background = new THREE.Color(CANVAS_BACKGROUND[theme]);
    for (const mesh of this.meshes) if (mesh?.userData.themedFloor) (mesh.material as THREE.MeshStandardMaterial).color.set(FLOOR[theme]);
  }

  /** Copies every geom's world pose from data (after mj_forward). */
  syncPoses(): void {
    const pos = this.replay.data.geom_xpos as Float64Array;
    const mat = this.replay.data.geom_xmat as Float64Array;
    this.meshes.forEach((mesh, g) => {
      if (!mesh) return;
      const p = 3 * g;
      const r = 9 * g;
      this.matrix.set(
        mat[r]!, mat[r + 1]!, mat[r + 2]!, pos[p]!,
        mat[r + 3]!, mat[r + 4]!, mat[r + 5]!, pos[p + 1]!,
        mat[r + 6]!, mat[r + 7]!, mat[r + 8]!, pos[p + 2]!,
        0, 0, 0, 1,
      );
      mesh.matrix.copy(this.matrix);
      mesh.matrixWorldNeedsUpdate = true;
    });
    if (!this.framed) this.frame();
  }

  /** Aims the camera at everything but the floor, from the front-right and above. */
  private frame(): void {
    this.framed = true;
    const box = new THREE.Box3();
    for (const mesh of this.meshes) {
      if (!mesh || mesh.userData.plane) continue;
      mesh.updateMatrixWorld(true);
      box.expandByObject(mesh);
    }
    if (box.isEmpty()) box.set(new THREE.Vector3(-0.5, -0.5, 0), new THREE.Vector3(0.5, 0.5, 1));
    const centre = box.getCenter(new THREE.Vector3());
    const radius = Math.max(box.getSize(new THREE.Vector3()).length() / 2, 0.2);
    const dist = radius / Math.sin((this.camera.fov * Math.PI) / 360) * 1.05;
    const dir = new THREE.Vector3(1.3, -1.6, 1.0).normalize();
    this.camera.position.copy(centre).addScaledVector(dir, dist);
    this.camera.near = dist / 100;
    this.camera.far = dist * 20;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(centre);
    this.controls.update();
  }

  resize(width: number, height: number): void {
    if (width === 0 || height === 0) return;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  render(): void {
    this.renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    this.controls.dispose();
    for (const mesh of this.meshes) {
      if (!mesh) continue;
      mesh.geometry.dispose();
      (mesh.material as THREE.Material).dispose();
    }
    this.renderer.dispose();
    // Browsers keep only a few WebGL contexts: opening many sessions must not exhaust them.
    this.renderer.forceContextLoss();
  }
}
