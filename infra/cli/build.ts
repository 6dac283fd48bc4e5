// `npm run build [-- <stack>]`: builds what changed of every stack (or one), as a test run would.
import { buildTargets } from '../runtime/build.ts';
import { stackNamed, stacks } from '../stacks/index.ts';

const specs = process.argv[2] ? [stackNamed(process.argv[2])] : Object.values(stacks);
for (const spec of specs) {
  const report = await buildTargets(spec.builds);
  console.log(`${spec.name}: built ${report.built.join(', ') || 'nothing'}; ${report.cached.length} cached`);
}
