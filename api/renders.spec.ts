import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PNG } from 'pngjs';
import { test, expect } from '../fixtures/workbench.ts';
import { sessionHeaders } from './support/session.ts';
import { heavy, putScene, readFile, SCRIPTS } from './support/heavy-scenes.ts';

const W = 320, H = 240;
const ffmpeg = path.join(path.dirname(createRequire(import.meta.url).resolve(`@ffmpeg-installer/${process.platform}-${process.arch}/package.json`)), 'ffmpeg');

type Rgba = Uint8Array;
const isOrange = (p: Rgba, i: number) => p[i]! > 190 && p[i + 1]! > 95 && p[i + 1]! < 185 && p[i + 2]! < 100;
const isGoalGreen = (p: Rgba, i: number) => p[i] === 0 && p[i + 1] === 170 && p[i + 2] === 70;

/** Centroid (x, y in pixels) of the moved object's orange pixels in one RGBA frame, or undefined. */
function orangeCentroid(frame: Rgba): { x: number; y: number; n: number } | undefined {
  let sx = 0, sy = 0, n = 0;
  for (let i = 0; i < W * H; i++) if (isOrange(frame, i * 4)) (sx += i % W, sy += Math.floor(i / W), n++);
  return n ? { x: sx / n, y: sy / n, n } : undefined;
}

/** An MP4's movie duration (mvhd) in seconds. */
function mp4Duration(buf: Buffer): number {
  const at = buf.indexOf('mvhd');
  const version = buf[at + 4]!;
  return version === 1 ? Number(buf.readBigUInt64BE(at + 24)) / buf.readUInt32BE(at + 20) : buf.readUInt32BE(at + 20) / buf.readUInt32BE(at + 16);
}

test.describe('renders', () => {
  test('INT-039 a full simulation renders four views with the zones in their colours and a video of the run, as the policy says', { tag: ['@p1', '@INT-039'] }, async ({ workerLight, workerHeavy, sessionId }) => {
    await putScene(workerLight, sessionId, SCRIPTS.floor, { start: [0.35, 0.35, 0.2] });
    const blob = async (sid: string, p: string) => (await workerLight.post('/fs/read_blob', { headers: sessionHeaders(sid), data: { path: p } })).body();
    const sim = await test.step('a full-mode simulation lists its renders', async () => {
      const r = await heavy(workerHeavy, 'simulate', sessionId, { seed: 1 });
      expect(r.status).toBe(200);
      const views = ['front', 'side', 'top', 'iso'].map((v) => `renders/${v}.png`);
      expect(r.body.artifacts.render_paths).toEqual(expect.arrayContaining([...views, 'renders/simulation.mp4']));
      expect(r.body.artifacts.renders.views).toEqual({ front: views[0], side: views[1], top: views[2], iso: views[3] });
      expect(r.body.events.map((e) => e.event_type)).toContain('renders_written');
      return r.body;
    });

    await test.step('each view is a 320 × 240 PNG; the top view shows the goal zone green and the ball orange inside it', async () => {
      const pngs = new Map<string, PNG>();
      for (const v of ['front', 'side', 'top', 'iso']) {
        const png = PNG.sync.read(await blob(sessionId, `renders/${v}.png`));
        expect([png.width, png.height], v).toEqual([W, H]);
        pngs.set(v, png);
      }
      const top = pngs.get('top')!.data;
      const green: number[] = [];
      for (let i = 0; i < W * H; i++) if (isGoalGreen(top, i * 4)) green.push(i);
      expect(green.length).toBeGreaterThan(50);
      const ball = orangeCentroid(top)!;
      expect(ball).toBeDefined();
      const gx = green.map((i) => i % W), gy = green.map((i) => Math.floor(i / W));
      expect(ball.x).toBeGreaterThan(Math.min(...gx));
      expect(ball.x).toBeLessThan(Math.max(...gx));
      expect(ball.y).toBeGreaterThan(Math.min(...gy));
      expect(ball.y).toBeLessThan(Math.max(...gy));
      // Four different projections, not one image four times.
      expect(new Set([...pngs.values()].map((p) => p.data.toString('base64'))).size).toBe(4);
    });

    await test.step('the video is an MP4 of the run: its frames are the trajectory\'s, its length the simulated time, the ball falls in it', async () => {
      const mp4 = await blob(sessionId, 'renders/simulation.mp4');
      expect(mp4.subarray(4, 8).toString()).toBe('ftyp');
      const { frames, fps } = sim.artifacts.renders.video;
      expect(mp4Duration(mp4)).toBeCloseTo(frames / fps, 1);
      expect(frames / fps).toBeGreaterThanOrEqual(sim.artifacts.time_elapsed_s - 1 / fps);
      const raw = execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'], { input: mp4, maxBuffer: 512 * 1024 * 1024 });
      expect(raw.length % (W * H * 4)).toBe(0);
      expect(raw.length / (W * H * 4)).toBe(frames);
      // The run ends once the ball has rested 0.5 s on the plate, where the encoder's chroma blending greys a ball of a few pixels:
      // compare the first frame with the last one in which it is still seen against the background.
      const seen = Array.from({ length: frames }, (_, k) => orangeCentroid(raw.subarray(k * W * H * 4, (k + 1) * W * H * 4)));
      const first = seen[0]!;
      const last = seen.filter((c) => c !== undefined).at(-1)!;
      expect(first).toBeDefined();
      expect(last).toBeDefined();
      expect(last.y).toBeGreaterThan(first.y + 2); // screen y grows downwards: it fell
    });

    await test.step('expected failure: a smoke run renders nothing (the policy renders full runs only)', async () => {
      const sid = `${sessionId}-smoke`;
      await putScene(workerLight, sid, SCRIPTS.floor, { start: [0.35, 0.35, 0.2] });
      const r = await heavy(workerHeavy, 'simulate', sid, { smoke_test_mode: true, seed: 1 });
      expect(r.body.artifacts.renders).toBeNull();
      expect(r.body.artifacts.render_paths.some((p: string) => p.startsWith('renders/'))).toBe(false);
      expect(await readFile(workerLight, sid, 'renders/front.png')).toBeUndefined();
    });
  });
});
