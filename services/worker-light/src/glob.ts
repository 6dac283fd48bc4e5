// Glob patterns for grep's `glob` filter: `**` any folders, `*` within a name, `?` one character.
// A pattern without `/` matches the file name (like `rg -g '*.ts'`), else the path relative to
// the searched folder.

export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/** Returns a predicate on paths relative to the searched folder. */
export function globMatcher(glob: string | undefined): (relPath: string) => boolean {
  if (!glob) return () => true;
  const pattern = glob.replace(/^\/+/, '');
  const re = globToRegExp(pattern);
  if (!pattern.includes('/')) return (relPath) => re.test(relPath.slice(relPath.lastIndexOf('/') + 1));
  return (relPath) => re.test(relPath);
}
