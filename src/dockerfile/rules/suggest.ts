// "Did you mean": the closest known name to a misspelt one (case-insensitive edit distance where
// swapping two neighbouring letters counts as one edit, the commonest typo).

function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate nearest to `name`, if it is close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) { best = candidate; bestDistance = d; }
  }
  // A third of the name's length, at least one edit and at most three.
  const allowed = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** Plain Levenshtein distance (insert, delete, substitute: 1 each), as agext/levenshtein. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/**
 * BuildKit's suggest.Search, for the "did you mean" of its own checks (UndefinedVar,
 * UndefinedArgInFrom): the first option fewer than 3 edits away, a nearer one replacing it;
 * case-sensitive (as on Linux); nothing when the name itself is an option.
 */
export function buildkitSuggestion(name: string, options: Iterable<string>): string | undefined {
  let match: string | undefined;
  let best = 3;
  for (const option of options) {
    if (option === name) return undefined;
    const d = levenshtein(name, option);
    if (d < best) { match = option; best = d; }
  }
  return match;
}
