// Linting with base images looked up asynchronously (an engine): the base images' environments
// make UndefinedVar precise (a name the base sets is defined; with every base known, any other
// unknown name is truly unset). The look-ups happen first, then the (synchronous) linter runs.
import { buildModel } from '..';
import type { AsyncBaseImageResolver, BaseImageConfig, BaseImageResolver } from '..';
import { lintAll } from './lintAll';
import { overlongLine } from '../lineLimit';
import type { Finding, LintOptions } from './types';

/** Looks up every base image the Dockerfile uses; returns a synchronous resolver over the answers. */
export async function knownBaseImages(text: string, buildArgs: LintOptions['buildArgs'], resolve: AsyncBaseImageResolver): Promise<BaseImageResolver> {
  // Base references depend only on global ARGs and build args, never on the base images.
  const references = buildModel(text, { buildArgs }).baseImageReferences;
  const known = new Map<string, BaseImageConfig | undefined>();
  await Promise.all(references.map(async (reference) => {
    try { known.set(reference, await resolve(reference)); } catch { known.set(reference, undefined); }
  }));
  return (reference) => known.get(reference);
}

export async function lintAllWithBaseImages(text: string, options: Omit<LintOptions, 'baseImages'>, resolve: AsyncBaseImageResolver): Promise<Finding[]> {
  if (overlongLine(text)) return lintAll(text, options); // refused whole: no base image matters
  const baseImages = await knownBaseImages(text, options.buildArgs, resolve);
  return lintAll(text, { ...options, baseImages });
}
