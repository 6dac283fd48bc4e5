import { Pause, Play } from 'lucide-react';
import { formatTime, SPEEDS } from './timeline.ts';
import type { TimelineState } from './useTimeline.ts';

/** Shared controls of both replays: play/pause, scrub (simulation time in ms), speed, time readout. */
export function Timeline({ tl, disabled }: { tl: TimelineState; disabled: boolean }) {
  return (
    <div className="timeline" data-testid="timeline">
      <button
        type="button"
        className="icon-button"
        data-testid="timeline-play"
        disabled={disabled}
        onClick={tl.playing ? tl.pause : tl.play}
        aria-label={tl.playing ? 'Pause' : 'Play'}
        title={tl.playing ? 'Pause' : 'Play both replays'}
      >
        {tl.playing ? <Pause size={16} /> : <Play size={16} />}
      </button>
      <input
        type="range"
        min={Math.round(tl.start * 1000)}
        max={Math.round(tl.end * 1000)}
        step={1}
        value={Math.round(tl.time * 1000)}
        disabled={disabled}
        data-testid="timeline-scrub"
        aria-label="Simulation time in milliseconds"
        onChange={(e) => {
          // The ends are the episodes' own times (not rounded to a millisecond): the end counts as seen.
          const v = Number(e.target.value);
          tl.seek(v >= Number(e.target.max) ? tl.end : v <= Number(e.target.min) ? tl.start : v / 1000);
        }}
      />
      <span className="sim-time" data-testid="timeline-time" data-time={tl.time}>
        {formatTime(tl.time)} / {formatTime(tl.end)}
      </span>
      <label className="speed">
        <span className="visually-hidden">Speed</span>
        <select data-testid="timeline-speed" value={tl.speed} disabled={disabled} onChange={(e) => tl.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
