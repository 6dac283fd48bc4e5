// `npm run sweep`: kill and remove whatever killed runs left behind (test runs do this too).
import { sweepStaleRuns } from '../runtime/sweep.ts';

const swept = sweepStaleRuns();
console.log(swept.length ? `swept ${swept.length} stale run(s): ${swept.join(', ')}` : 'nothing to sweep');
