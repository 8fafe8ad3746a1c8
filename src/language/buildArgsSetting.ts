import * as vscode from 'vscode';

export const BUILD_ARGS_SETTING = 'layerwise.dockerfile.buildArgs';

/**
 * The build args the user builds with (`--build-arg`), from settings. The manifest lists this
 * setting under `restrictedConfigurations`, so an untrusted workspace cannot inject values.
 */
export function buildArgsFor(document: vscode.TextDocument): Record<string, string> {
  const value = vscode.workspace.getConfiguration(undefined, document.uri).get<unknown>(BUILD_ARGS_SETTING);
  const args: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [name, v] of Object.entries(value)) if (typeof v === 'string') args[name] = v;
  }
  return args;
}
