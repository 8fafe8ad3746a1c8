// The view filter: a case-insensitive substring over a node's searchable texts. Pure.

/** Normalised filter text; empty means "show everything". */
export function normaliseFilter(text: string | undefined): string {
  return (text ?? '').trim().toLowerCase();
}

export function matchesFilter(filter: string, ...texts: ReadonlyArray<string | undefined>): boolean {
  if (filter === '') return true;
  return texts.some((text) => text !== undefined && text.toLowerCase().includes(filter));
}
