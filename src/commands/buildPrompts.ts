// The questions Build Image asks: the tags (offered from the prompt memory: the last used for each
// Dockerfile, per workspace), the target stage, and for "Build Image (Options)..." the
// `--no-cache` / `--pull` / `--platform` choices.
import { basename } from 'node:path';
import { buildModel } from '../dockerfile';
import { referenceProblem } from '../engine/operations/reference';
import type { CommandUi } from './ui';

/** `a:1 b:2`, `a:1, b:2` → the tags; the first names the build. */
export function splitTags(text: string): string[] {
  return text.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);
}

/** Why the tag line cannot be used, or undefined. */
export function tagsProblem(text: string): string | undefined {
  const tags = splitTags(text);
  if (tags.length === 0) return referenceProblem('');
  for (const tag of tags) {
    const problem = referenceProblem(tag);
    if (problem) return tags.length > 1 ? `${tag}: ${problem}` : problem;
  }
  return undefined;
}

/** The tag a context folder suggests when nothing is remembered: `<folder>:latest`. */
export function suggestedTag(contextDir: string): string {
  return `${basename(contextDir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'image'}:latest`;
}

export async function askTags(ui: CommandUi, remembered: string | undefined, contextDir: string): Promise<string[] | undefined> {
  const line = await ui.input({
    title: 'Build Image',
    prompt: 'Tag for the image (name:tag; several separated by spaces)',
    value: remembered ?? suggestedTag(contextDir),
    validateInput: (v) => tagsProblem(v),
  });
  if (line === undefined) return undefined;
  const problem = tagsProblem(line);
  if (problem) throw new Error(problem);
  return splitTags(line);
}

/** The target stage for a multi-stage file ('' for the last stage); undefined when dismissed. */
export async function askTarget(ui: CommandUi, text: string, buildArgs: Record<string, string>): Promise<string | undefined> {
  const stages = buildModel(text, { buildArgs }).stages.filter((s) => s.name).map((s) => s.name!);
  if (!stages.length) return '';
  return ui.pick([{ label: 'Last stage', description: 'the whole file', value: '' }, ...stages.map((s) => ({ label: s, value: s }))], { title: 'Target stage' });
}

export interface ExtraBuildOptions {
  readonly noCache?: boolean;
  readonly pull?: boolean;
  readonly platform?: string;
}

type OptionChoice = 'noCache' | 'pull' | 'platform';

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9_]+)?$/;

/** Why a platform cannot be used, or undefined: `os/arch[/variant]` as `docker build --platform` takes it. */
export function platformProblem(text: string): string | undefined {
  return PLATFORM.test(text.trim()) ? undefined : 'Enter a platform as os/arch[/variant], such as linux/amd64 or linux/arm64/v8.';
}

/**
 * The options of "Build Image (Options)..."; undefined when dismissed. Picking none also ends it
 * (the quick pick cannot tell that from Escape, and a plain build is "Build Image...").
 */
export async function askExtraOptions(ui: CommandUi, support: { platform: boolean; defaultPlatform?: string }): Promise<ExtraBuildOptions | undefined> {
  const items: Array<{ label: string; description: string; value: OptionChoice }> = [
    { label: 'No cache', description: '--no-cache: run every step again', value: 'noCache' },
    { label: 'Pull', description: '--pull: look for a newer base image even when one is local', value: 'pull' },
  ];
  if (support.platform) items.push({ label: 'Platform...', description: `--platform: build for another platform than ${support.defaultPlatform ?? "the engine's"}`, value: 'platform' });
  const picked = await ui.pickMany(items, { title: 'Build Image: options', placeHolder: 'Pick the options for this build' });
  if (picked.length === 0) return undefined;
  let platform: string | undefined;
  if (picked.includes('platform')) {
    platform = await ui.input({ title: 'Build Image: platform', prompt: 'Platform (os/arch[/variant])', value: support.defaultPlatform ?? 'linux/amd64', validateInput: platformProblem });
    if (platform === undefined) return undefined;
    const problem = platformProblem(platform);
    if (problem) throw new Error(problem);
  }
  return { ...(picked.includes('noCache') ? { noCache: true } : {}), ...(picked.includes('pull') ? { pull: true } : {}), ...(platform ? { platform: platform.trim() } : {}) };
}
