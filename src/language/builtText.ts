// Whether results of a build still apply to a Dockerfile as it reads now: they hold for the lines
// above the first one that differs from the text that was built.

/** The first 0-based line where the two texts differ (the line count of the shorter when one continues the other). */
export function firstDifferingLine(current: string, built: string): number {
  const a = current.split(/\r?\n/);
  const b = built.split(/\r?\n/);
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? Infinity : shorter - 1;
}
