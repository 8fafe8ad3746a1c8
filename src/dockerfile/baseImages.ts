// Builds a model whose base images are looked up asynchronously (e.g. in a Docker engine).
import type { Dockerfile } from 'dockerfile-ast';
import { DockerfileParser } from 'dockerfile-ast';
import { buildModel } from './model';
import type { BaseImageConfig, BuildModel, BuildModelOptions } from './types';

/** Returns the image's config, or undefined when it cannot be known (absent, no engine...). */
export type AsyncBaseImageResolver = (reference: string) => Promise<BaseImageConfig | undefined>;

/**
 * Two passes: the first finds the base image references (they depend only on global ARGs and
 * build args, never on base images), the resolver looks them up, the second builds the model.
 */
export async function buildModelWithBaseImages(text: string, options: Omit<BuildModelOptions, 'baseImages'>, resolve: AsyncBaseImageResolver): Promise<BuildModel> {
  const parsed: Dockerfile = DockerfileParser.parse(text);
  const first = buildModel(text, { ...options, parsed });
  if (first.baseImageReferences.length === 0) return first;
  const known = new Map<string, BaseImageConfig | undefined>();
  await Promise.all(first.baseImageReferences.map(async (reference) => { known.set(reference, await resolve(reference)); }));
  return buildModel(text, { ...options, parsed, baseImages: (reference) => known.get(reference) });
}
