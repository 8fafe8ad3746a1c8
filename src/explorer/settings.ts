// The explorer's settings: names, allowed values and defaults in one place, shared by the
// providers, the picker commands and a unit test that checks package.json declares the same.
// No `vscode` import.

export const CONTAINER_GROUP_BY = ['composeProject', 'image', 'state', 'none'] as const;
export type ContainerGroupBy = (typeof CONTAINER_GROUP_BY)[number];

export const CONTAINER_SORT_BY = ['createdTime', 'name', 'state', 'image'] as const;
export type ContainerSortBy = (typeof CONTAINER_SORT_BY)[number];

export const IMAGE_SORT_BY = ['name', 'createdTime', 'size'] as const;
export type ImageSortBy = (typeof IMAGE_SORT_BY)[number];

export const VOLUME_SORT_BY = ['name', 'createdTime'] as const;
export type VolumeSortBy = (typeof VOLUME_SORT_BY)[number];

/** Each setting with its allowed values, default, and a one-line description per value. */
export const EXPLORER_SETTINGS = {
  'layerwise.containers.groupBy': {
    values: CONTAINER_GROUP_BY,
    default: 'composeProject' as ContainerGroupBy,
    description: 'How the Containers view groups containers.',
    valueDescriptions: [
      'Group by Docker Compose project (the `com.docker.compose.project` label); containers outside a project stay at the top level.',
      'Group by the image the container was created from.',
      'Group by state: running, paused, exited, ...',
      'No groups: one flat list.',
    ],
  },
  'layerwise.containers.sortBy': {
    values: CONTAINER_SORT_BY,
    default: 'createdTime' as ContainerSortBy,
    description: 'How the Containers view orders containers within a group.',
    valueDescriptions: [
      'Newest first.',
      'By container name, A to Z.',
      'Running first, then paused, restarting, created, exited, dead.',
      'By image name, then container name.',
    ],
  },
  'layerwise.images.sortBy': {
    values: IMAGE_SORT_BY,
    default: 'name' as ImageSortBy,
    description: 'How the Images view orders repositories and tags.',
    valueDescriptions: [
      'By repository and tag, A to Z.',
      'Newest first (a repository sorts by its newest tag).',
      'Largest first (a repository sorts by its largest tag).',
    ],
  },
  'layerwise.volumes.sortBy': {
    values: VOLUME_SORT_BY,
    default: 'name' as VolumeSortBy,
    description: 'How the Volumes view orders volumes (named volumes always come before anonymous ones).',
    valueDescriptions: ['By volume name, A to Z.', 'Newest first.'],
  },
} as const;

export type ExplorerSettingName = keyof typeof EXPLORER_SETTINGS;

/** A setting's value if it is one of the allowed ones, else its default (a hand-edited typo must not break a view). */
export function settingValue<N extends ExplorerSettingName>(
  name: N,
  raw: unknown,
): (typeof EXPLORER_SETTINGS)[N]['default'] {
  const setting = EXPLORER_SETTINGS[name];
  return (setting.values as readonly unknown[]).includes(raw) ? (raw as (typeof EXPLORER_SETTINGS)[N]['default']) : setting.default;
}
