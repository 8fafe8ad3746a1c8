// The explorer's part of package.json (commands, menus, welcome views, settings) as code, so that
// it is generated from the same tables the extension runs on. `applyExplorerContributions` updates
// a parsed manifest in place and leaves every other entry alone (other features own those);
// test/unit/explorer/manifest.test.ts fails when package.json is not up to date. To regenerate:
//   npx tsc -p . && node -e "const fs=require('fs');const m=JSON.parse(fs.readFileSync('package.json','utf8'));
//     require('./out/src/explorer/manifestContributions').applyExplorerContributions(m);
//     fs.writeFileSync('package.json',JSON.stringify(m,null,2)+'\n')"
// No `vscode` import.
import { EXPLORER_SETTINGS } from './settings';
import { ENGINE_VIEWS, welcomeEntries } from './welcomeContent';

interface CommandContribution { command: string; title: string; category: string; icon?: string }
interface MenuItem { command: string; when?: string; group?: string }
interface Manifest {
  contributes: {
    commands?: CommandContribution[];
    menus?: Record<string, MenuItem[]>;
    viewsWelcome?: Array<{ view: string; contents: string; when?: string }>;
    configuration?: { title?: string; properties: Record<string, unknown> };
    [key: string]: unknown;
  };
}

const VIEWS = ['containers', 'images', 'volumes', 'networks'] as const;
const capitalised = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
const command = (id: string, title: string, icon: string): CommandContribution => ({ command: id, title, category: 'Layerwise', icon: `$(${icon})` });

export function explorerCommands(): CommandContribution[] {
  return [
    command('layerwise.refresh', 'Refresh', 'refresh'),
    command('layerwise.retry', 'Retry Connecting to the Docker Engine', 'debug-restart'),
    command('layerwise.showEngineProblem', 'Show Docker Engine Connection Problem', 'warning'),
    command('layerwise.useContext', 'Use Docker Context...', 'arrow-swap'),
    ...VIEWS.flatMap((v) => [
      command(`layerwise.${v}.filter`, `Filter ${capitalised(v)}...`, 'filter'),
      command(`layerwise.${v}.clearFilter`, `Clear ${capitalised(v)} Filter`, 'filter-filled'),
    ]),
    command('layerwise.containers.groupBy', 'Group Containers By...', 'group-by-ref-type'),
    command('layerwise.containers.sortBy', 'Sort Containers By...', 'list-ordered'),
    command('layerwise.images.sortBy', 'Sort Images By...', 'list-ordered'),
    command('layerwise.volumes.sortBy', 'Sort Volumes By...', 'list-ordered'),
    command('layerwise.volumes.showSizes', 'Show Volume Sizes', 'dashboard'),
    command('layerwise.copyId', 'Copy ID', 'copy'),
    command('layerwise.copyName', 'Copy Name', 'copy'),
    command('layerwise.containers.start', 'Start Container', 'debug-start'),
    command('layerwise.containers.stop', 'Stop Container', 'debug-stop'),
    command('layerwise.containers.restart', 'Restart Container', 'debug-restart'),
    command('layerwise.containers.remove', 'Remove Container...', 'trash'),
    ...DOCKER_COMMANDS.map(([id, title, icon]) => command(id, title, icon)),
  ];
}

/** The daily Docker commands (src/commands/registerCommands.ts): id, title, icon. */
const DOCKER_COMMANDS: ReadonlyArray<readonly [string, string, string]> = [
  ['layerwise.containers.pause', 'Pause Container', 'debug-pause'],
  ['layerwise.containers.unpause', 'Unpause Container', 'debug-continue'],
  ['layerwise.containers.kill', 'Kill Container...', 'zap'],
  ['layerwise.containers.logs', 'Show Container Logs', 'output'],
  ['layerwise.containers.shell', 'Open Shell in Container', 'terminal'],
  ['layerwise.containers.inspect', 'Inspect Container', 'json'],
  ['layerwise.containers.prune', 'Prune Containers (Remove Stopped)...', 'clear-all'],
  ['layerwise.images.pull', 'Pull Image...', 'cloud-download'],
  ['layerwise.images.tag', 'Tag Image...', 'tag'],
  ['layerwise.images.push', 'Push Image', 'cloud-upload'],
  ['layerwise.images.remove', 'Remove Image...', 'trash'],
  ['layerwise.images.prune', 'Prune Images...', 'clear-all'],
  ['layerwise.images.inspect', 'Inspect Image', 'json'],
  ['layerwise.images.run', 'Run Image...', 'play'],
  ['layerwise.volumes.create', 'Create Volume...', 'add'],
  ['layerwise.volumes.remove', 'Remove Volume...', 'trash'],
  ['layerwise.volumes.prune', 'Prune Volumes...', 'clear-all'],
  ['layerwise.volumes.inspect', 'Inspect Volume', 'json'],
  ['layerwise.build', 'Build Image...', 'package'],
];

const ENGINE_VIEW = 'view =~ /^layerwise\\.(containers|images|volumes|networks)$/';
const CONNECTED = 'layerwise.engineState == connected';
const IMAGE = 'viewItem =~ /^image\\.(tag|dangling|untagged)$/';
const VOLUME = 'viewItem =~ /^(volume\\.(named|anonymous)|mount\\.(namedVolume|anonymousVolume))$/';
const container = (states: string): string => `viewItem =~ /^container(Ref)?\\.(${states})$/`;
/** Nodes that stand for an engine object with an id. */
const WITH_ID = '^(container|containerRef)\\.[a-z]+$|^image\\.(tag|dangling|untagged)$|^volume\\.(named|anonymous)$|^network\\.(builtin|user)$';
/** ...plus nodes that name one (a mounted volume, a container's network, a context). */
const WITH_NAME = `${WITH_ID}|^mount\\.(namedVolume|anonymousVolume)$|^container\\.network$|^context(\\.current)?$`;

const DOCKERFILE = '(resourceLangId == dockerfile || resourceFilename =~ /^Dockerfile(\\..+)?$|\\.[Dd]ockerfile$/)';

export function explorerMenus(): Record<'view/title' | 'view/item/context' | 'commandPalette' | 'explorer/context' | 'editor/title', MenuItem[]> {
  const title: MenuItem[] = VIEWS.flatMap((v) => [
    { command: `layerwise.${v}.filter`, when: `view == layerwise.${v} && !layerwise.${v}.filtered`, group: 'navigation@1' },
    { command: `layerwise.${v}.clearFilter`, when: `view == layerwise.${v} && layerwise.${v}.filtered`, group: 'navigation@1' },
    { command: 'layerwise.refresh', when: `view == layerwise.${v}`, group: 'navigation@9' },
  ]);
  title.push(
    { command: 'layerwise.containers.groupBy', when: 'view == layerwise.containers', group: 'navigation@2' },
    { command: 'layerwise.containers.sortBy', when: 'view == layerwise.containers', group: 'navigation@3' },
    { command: 'layerwise.images.sortBy', when: 'view == layerwise.images', group: 'navigation@3' },
    { command: 'layerwise.volumes.sortBy', when: 'view == layerwise.volumes', group: 'navigation@3' },
    { command: 'layerwise.volumes.showSizes', when: 'view == layerwise.volumes && layerwise.engineState == connected', group: 'navigation@4' },
    { command: 'layerwise.useContext', when: 'view == layerwise.contexts', group: 'navigation@1' },
    { command: 'layerwise.refresh', when: 'view == layerwise.contexts', group: 'navigation@9' },
    { command: 'layerwise.images.pull', when: `view == layerwise.images && ${CONNECTED}`, group: 'navigation@5' },
    { command: 'layerwise.volumes.create', when: `view == layerwise.volumes && ${CONNECTED}`, group: 'navigation@5' },
    { command: 'layerwise.containers.prune', when: `view == layerwise.containers && ${CONNECTED}`, group: '9_prune@1' },
    { command: 'layerwise.images.prune', when: `view == layerwise.images && ${CONNECTED}`, group: '9_prune@1' },
    { command: 'layerwise.volumes.prune', when: `view == layerwise.volumes && ${CONNECTED}`, group: '9_prune@1' },
  );
  const item: MenuItem[] = [
    { command: 'layerwise.containers.start', when: `${ENGINE_VIEW} && ${container('created|exited|dead')}`, group: 'inline@1' },
    { command: 'layerwise.containers.stop', when: `${ENGINE_VIEW} && ${container('running|restarting|paused')}`, group: 'inline@1' },
    { command: 'layerwise.containers.start', when: `${ENGINE_VIEW} && ${container('created|exited|dead')}`, group: '1_lifecycle@1' },
    { command: 'layerwise.containers.stop', when: `${ENGINE_VIEW} && ${container('running|restarting|paused')}`, group: '1_lifecycle@2' },
    { command: 'layerwise.containers.restart', when: `${ENGINE_VIEW} && ${container('running|exited|created|paused')}`, group: '1_lifecycle@3' },
    { command: 'layerwise.containers.remove', when: `${ENGINE_VIEW} && ${container('[a-z]+')}`, group: '9_remove@1' },
    { command: 'layerwise.containers.pause', when: `${ENGINE_VIEW} && ${container('running')}`, group: '1_lifecycle@4' },
    { command: 'layerwise.containers.unpause', when: `${ENGINE_VIEW} && ${container('paused')}`, group: '1_lifecycle@4' },
    { command: 'layerwise.containers.kill', when: `${ENGINE_VIEW} && ${container('running|paused|restarting')}`, group: '1_lifecycle@5' },
    { command: 'layerwise.containers.logs', when: `${ENGINE_VIEW} && ${container('[a-z]+')}`, group: '2_debug@1' },
    { command: 'layerwise.containers.shell', when: `${ENGINE_VIEW} && ${container('running')}`, group: '2_debug@2' },
    { command: 'layerwise.containers.inspect', when: `${ENGINE_VIEW} && ${container('[a-z]+')}`, group: '2_debug@3' },
    { command: 'layerwise.images.run', when: `${ENGINE_VIEW} && ${IMAGE}`, group: '3_image@1' },
    { command: 'layerwise.images.tag', when: `${ENGINE_VIEW} && ${IMAGE}`, group: '3_image@2' },
    { command: 'layerwise.images.push', when: `${ENGINE_VIEW} && viewItem == image.tag`, group: '3_image@3' },
    { command: 'layerwise.images.inspect', when: `${ENGINE_VIEW} && ${IMAGE}`, group: '3_image@4' },
    { command: 'layerwise.images.remove', when: `${ENGINE_VIEW} && ${IMAGE}`, group: '9_remove@1' },
    { command: 'layerwise.volumes.inspect', when: `${ENGINE_VIEW} && ${VOLUME}`, group: '3_volume@1' },
    { command: 'layerwise.volumes.remove', when: `${ENGINE_VIEW} && ${VOLUME}`, group: '9_remove@1' },
    { command: 'layerwise.copyId', when: `${ENGINE_VIEW} && viewItem =~ /${WITH_ID}/`, group: '8_copy@1' },
    { command: 'layerwise.copyName', when: `viewItem =~ /${WITH_NAME}/`, group: '8_copy@2' },
    { command: 'layerwise.useContext', when: 'view == layerwise.contexts && viewItem == context', group: 'inline@1' },
    { command: 'layerwise.useContext', when: 'view == layerwise.contexts && viewItem == context', group: '1_context@1' },
  ];
  const palette: MenuItem[] = [
    // They act on the selected nodes; from the palette there are none.
    { command: 'layerwise.copyId', when: 'false' },
    { command: 'layerwise.copyName', when: 'false' },
    ...VIEWS.map((v) => ({ command: `layerwise.${v}.clearFilter`, when: `layerwise.${v}.filtered` })),
    { command: 'layerwise.volumes.showSizes', when: 'layerwise.engineState == connected' },
    { command: 'layerwise.showEngineProblem', when: 'layerwise.engineState == unreachable' },
    ...['start', 'stop', 'restart', 'remove'].map((a) => ({ command: `layerwise.containers.${a}`, when: 'layerwise.engineState == connected' })),
    // From the palette, node commands ask which object (a quick pick); all need the engine.
    ...DOCKER_COMMANDS.map(([id]) => ({ command: id, when: CONNECTED })),
  ];
  return {
    'view/title': title,
    'view/item/context': item,
    commandPalette: palette,
    'explorer/context': [{ command: 'layerwise.build', when: `${DOCKERFILE} && !explorerResourceIsFolder`, group: '7_layerwise@1' }],
    'editor/title': [{ command: 'layerwise.build', when: `${DOCKERFILE} && ${CONNECTED}`, group: 'navigation@9' }],
  };
}

export function explorerConfiguration(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(EXPLORER_SETTINGS)) {
    properties[name] = {
      type: 'string',
      enum: [...setting.values],
      enumDescriptions: [...setting.valueDescriptions],
      default: setting.default,
      description: setting.description,
      scope: 'window',
    };
  }
  properties['layerwise.build.context'] = {
    type: 'string',
    default: '',
    scope: 'resource',
    markdownDescription:
      'Build context for **Build Image...**: a folder, relative to the workspace folder of the Dockerfile (or absolute). Empty: the Dockerfile\'s own folder.',
  };
  return properties;
}

/** Replaces the explorer's entries in a parsed package.json, keeping everyone else's. */
export function applyExplorerContributions(manifest: Manifest): void {
  const c = manifest.contributes;
  const commands = explorerCommands();
  const ours = new Set(commands.map((x) => x.command));
  c.commands = [...(c.commands ?? []).filter((x) => !ours.has(x.command)), ...commands];
  const menus = c.menus ?? {};
  for (const [menu, items] of Object.entries(explorerMenus())) {
    menus[menu] = [...(menus[menu] ?? []).filter((m) => !ours.has(m.command)), ...items];
  }
  c.menus = menus;
  const views = new Set<string>(ENGINE_VIEWS);
  c.viewsWelcome = [...(c.viewsWelcome ?? []).filter((w) => !views.has(w.view)), ...welcomeEntries()];
  c.configuration = { title: 'Layerwise', ...c.configuration, properties: { ...c.configuration?.properties, ...explorerConfiguration() } };
}
