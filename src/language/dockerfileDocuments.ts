import * as vscode from 'vscode';

/** Documents Layerwise analyses: VS Code's built-in `dockerfile` language (Dockerfile, *.dockerfile, Containerfile). */
export const dockerfileSelector: vscode.DocumentSelector = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockerfile', scheme: 'untitled' },
];

export function isDockerfile(document: vscode.TextDocument): boolean {
  return vscode.languages.match(dockerfileSelector, document) > 0;
}
