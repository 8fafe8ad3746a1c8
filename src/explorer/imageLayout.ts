// How the Images view arranges images: one node per tag, grouped by repository, dangling images
// apart. Pure, so unit-tested without VS Code.
import type { ImageInfo } from '../engine/model';
import { compareText } from './format';
import type { ImageSortBy } from './settings';

export interface ImageTag {
  readonly repository: string;
  readonly tag: string;
  /** "repository:tag" as the engine reports it. */
  readonly reference: string;
  readonly image: ImageInfo;
}

export interface ImageRepository {
  readonly name: string;
  readonly tags: readonly ImageTag[];
}

export interface ImageLayout {
  readonly repositories: readonly ImageRepository[];
  /** Images with no tag: dangling build leftovers and images kept only by digest. */
  readonly untagged: readonly ImageInfo[];
}

/**
 * Splits "registry:5000/team/app:1.2" into repository and tag. The tag is after the LAST colon,
 * and only if that colon is after the last slash (a registry port is not a tag).
 */
export function parseReference(reference: string): { repository: string; tag: string } {
  const withoutDigest = reference.split('@')[0]!;
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > withoutDigest.lastIndexOf('/')) {
    return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
  }
  return { repository: withoutDigest, tag: 'latest' };
}

/** The engine reports an untagged image with the pseudo-tag "<none>:<none>"; it is not a tag. */
export function realTags(image: ImageInfo): string[] {
  return image.repoTags.filter((reference) => reference !== '<none>:<none>' && !reference.startsWith('<none>'));
}

const byText = compareText;

function compareTags(sortBy: ImageSortBy): (a: ImageTag, b: ImageTag) => number {
  switch (sortBy) {
    case 'createdTime': return (a, b) => b.image.created - a.image.created || byText(a.tag, b.tag);
    case 'size': return (a, b) => b.image.size - a.image.size || byText(a.tag, b.tag);
    default: return (a, b) => byText(a.tag, b.tag);
  }
}

function compareImages(sortBy: ImageSortBy): (a: ImageInfo, b: ImageInfo) => number {
  switch (sortBy) {
    case 'size': return (a, b) => b.size - a.size || byText(a.id, b.id);
    case 'name': // untagged images have no name: newest first is the useful order
    case 'createdTime':
    default: return (a, b) => b.created - a.created || byText(a.id, b.id);
  }
}

export function layoutImages(images: Iterable<ImageInfo>, sortBy: ImageSortBy): ImageLayout {
  const repositories = new Map<string, ImageTag[]>();
  const untagged: ImageInfo[] = [];
  for (const image of images) {
    const tags = realTags(image);
    if (tags.length === 0) {
      untagged.push(image);
      continue;
    }
    for (const reference of tags) {
      const { repository, tag } = parseReference(reference);
      const entry: ImageTag = { repository, tag, reference, image };
      const list = repositories.get(repository);
      if (list) list.push(entry);
      else repositories.set(repository, [entry]);
    }
  }
  const tagOrder = compareTags(sortBy);
  const built = [...repositories.entries()].map(([name, tags]) => ({ name, tags: tags.sort(tagOrder) }));
  // A repository sorts by its first tag in the chosen order (newest / largest), or by name.
  const repositoryOrder =
    sortBy === 'name'
      ? (a: ImageRepository, b: ImageRepository) => byText(a.name, b.name)
      : (a: ImageRepository, b: ImageRepository) => tagOrder(a.tags[0]!, b.tags[0]!) || byText(a.name, b.name);
  return { repositories: built.sort(repositoryOrder), untagged: untagged.sort(compareImages(sortBy)) };
}
