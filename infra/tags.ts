/** Matches a whole tag: `@p0` but not `@p0x` or `@p0-foo` (`\b` would treat `-` as a boundary). */
export const tag = (name: string) => new RegExp(`@${name}(?![\\w-])`);
