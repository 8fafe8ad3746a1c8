// Applies the explorer settings to the trees, now and whenever the user changes them.
import * as vscode from 'vscode';
import { settingValue } from './settings';
import type { ContainersTree } from './tree/containersTree';
import type { ImagesTree } from './tree/imagesTree';
import type { VolumesTree } from './tree/volumesTree';

export function bindSettings(trees: { containers: ContainersTree; images: ImagesTree; volumes: VolumesTree }): vscode.Disposable {
  const apply = (): void => {
    const config = vscode.workspace.getConfiguration();
    const read = <N extends Parameters<typeof settingValue>[0]>(name: N) => settingValue(name, config.get(name));
    trees.containers.groupBy = read('layerwise.containers.groupBy');
    trees.containers.sortBy = read('layerwise.containers.sortBy');
    trees.images.sortBy = read('layerwise.images.sortBy');
    trees.volumes.sortBy = read('layerwise.volumes.sortBy');
  };
  apply();
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration('layerwise.containers') && !event.affectsConfiguration('layerwise.images') && !event.affectsConfiguration('layerwise.volumes')) return;
    apply();
    trees.containers.refresh();
    trees.images.refresh();
    trees.volumes.refresh();
  });
}
