// The steps an episode has in flight in this process. Cancelling a workflow stops it at the next
// step boundary, but the step already running finishes (its worker request aborted) and records
// its end; interrupt waits for that, so nothing is written after the episode reads `cancelled`.
const inflight = new Map<string, Set<Promise<unknown>>>();

export function track<T>(episodeId: string, step: Promise<T>): Promise<T> {
  let steps = inflight.get(episodeId);
  if (!steps) inflight.set(episodeId, (steps = new Set()));
  steps.add(step);
  const done = () => {
    steps.delete(step);
    if (steps.size === 0) inflight.delete(episodeId);
  };
  step.then(done, done);
  return step;
}

/** Resolves once the episode's in-flight steps have settled, or after `timeoutMs`. */
export async function settled(episodeId: string, timeoutMs: number): Promise<void> {
  const steps = inflight.get(episodeId);
  if (!steps) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([...steps]),
    new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
