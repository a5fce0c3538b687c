/** Escapes LIKE's wildcards, so a search for "50%_off" matches those characters literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
