// The one clock both replays follow: play/pause, scrub, speed. Playing advances by wall time ×
// speed each animation frame and stops at the end.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface TimelineState {
  /** Simulation time shown, between start and end. */
  time: number;
  end: number;
  playing: boolean;
  speed: number;
  start: number;
  /** The furthest time reached since the episodes were loaded (played or scrubbed). */
  reached: number;
  play(): void;
  pause(): void;
  seek(t: number): void;
  setSpeed(s: number): void;
}

export function useTimeline(start: number, end: number, resetKey: string): TimelineState {
  const [time, setTime] = useState(start);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [reached, setReached] = useState(start);
  const timeRef = useRef(start);

  useEffect(() => {
    timeRef.current = start;
    setTime(start);
    setReached(start);
    setPlaying(false);
  }, [resetKey, start]);

  const seek = useCallback(
    (t: number) => {
      const clamped = Math.min(Math.max(t, start), end);
      timeRef.current = clamped;
      setTime(clamped);
      setReached((r) => Math.max(r, clamped));
    },
    [start, end],
  );

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let raf = requestAnimationFrame(function tick(now) {
      const next = Math.min(timeRef.current + ((now - last) / 1000) * speed, end);
      last = now;
      seek(next);
      if (next >= end) {
        setPlaying(false);
        return;
      }
      raf = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, end, seek]);

  const play = useCallback(() => {
    // Play from the start again once at the end.
    if (timeRef.current >= end) seek(start);
    setPlaying(true);
  }, [start, end, seek]);
  const pause = useCallback(() => setPlaying(false), []);

  return { time, start, end, playing, speed, reached, play, pause, seek, setSpeed };
}
