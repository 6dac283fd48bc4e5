// The one clock both replays follow: play/pause, scrub, speed. Playing advances by wall time ×
// speed each animation frame and stops at the end.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface TimelineState {
  time: number;
  duration: number;
  playing: boolean;
  speed: number;
  /** The furthest time reached since the episodes were loaded (played or scrubbed). */
  reached: number;
  play(): void;
  pause(): void;
  seek(t: number): void;
  setSpeed(s: number): void;
}

export function useTimeline(duration: number, resetKey: string): TimelineState {
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [reached, setReached] = useState(0);
  const timeRef = useRef(0);

  useEffect(() => {
    timeRef.current = 0;
    setTime(0);
    setReached(0);
    setPlaying(false);
  }, [resetKey]);

  const seek = useCallback(
    (t: number) => {
      const clamped = Math.min(Math.max(t, 0), duration);
      timeRef.current = clamped;
      setTime(clamped);
      setReached((r) => Math.max(r, clamped));
    },
    [duration],
  );

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let raf = requestAnimationFrame(function tick(now) {
      const next = Math.min(timeRef.current + ((now - last) / 1000) * speed, duration);
      last = now;
      seek(next);
      if (next >= duration) {
        setPlaying(false);
        return;
      }
      raf = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, duration, seek]);

  const play = useCallback(() => {
    // Play from the start again once at the end.
    if (timeRef.current >= duration) seek(0);
    setPlaying(true);
  }, [duration, seek]);
  const pause = useCallback(() => setPlaying(false), []);

  return { time, duration, playing, speed, reached, play, pause, seek, setSpeed };
}
