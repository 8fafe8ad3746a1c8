// `docker inspect` as a read-only JSON document: a content provider for its own URI scheme,
// `layerwise-inspect:/<kind>/<name>.json?<id>`, that asks the engine each time the document is
// opened (or reopened), so it shows the object as it is now.
import * as vscode from 'vscode';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient } from './engineAccess';

export const INSPECT_SCHEME = 'layerwise-inspect';
export type InspectKind = 'container' | 'image' | 'volume' | 'network';

export function inspectUri(kind: InspectKind, id: string, name: string): vscode.Uri {
  const safe = name.replace(/[/\\:?#]+/g, '_') || id.slice(0, 12);
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${kind}/${safe}.json`, query: id });
}

export class InspectDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly store: LiveEngineStore) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const kind = uri.path.split('/')[1] as InspectKind;
    const id = uri.query;
    const docker = connectedClient(this.store);
    const info =
      kind === 'container' ? await docker.getContainer(id).inspect()
        : kind === 'image' ? await docker.getImage(id).inspect()
          : kind === 'volume' ? await docker.getVolume(id).inspect()
            : await docker.getNetwork(id).inspect();
    return `${JSON.stringify(info, null, 2)}\n`;
  }
}

export async function showInspect(kind: InspectKind, id: string, name: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(inspectUri(kind, id, name));
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
}
