// Signature help (an instruction's forms and the argument under the cursor) and document links
// (a FROM image to its registry page) from dockerfile-language-service, which has both, computed by
// the language worker (the library parses the whole file for each).
import * as vscode from 'vscode';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import * as lsp from 'vscode-languageserver-types';
import { dockerfileSelector } from './dockerfileDocuments';
import type { LanguageAnalysis } from './languageAnalysis';
import { fromPosition, toRange } from './lspToVscode';

/** The characters after which the library may have a new signature or argument to show. */
const SIGNATURE_TRIGGERS = [' ', '-', '=', '[', ','];

/**
 * The library links any image with a slash in it to Docker Hub, even one from another registry
 * (`127.0.0.1:5000/team/app`); such an image has no Hub page, so no link. A registry host is a
 * first component with a `.` or `:`, or `localhost` (as the docker CLI reads a reference).
 */
export function hasOtherRegistry(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash < 0) return false;
  const first = image.slice(0, slash);
  return (first.includes('.') || first.includes(':') || first === 'localhost') && first !== 'docker.io' && first !== 'index.docker.io';
}

function toSignatureHelp(help: lsp.SignatureHelp): vscode.SignatureHelp {
  const result = new vscode.SignatureHelp();
  result.signatures = help.signatures.map((s) => {
    const signature = new vscode.SignatureInformation(s.label, s.documentation === undefined ? undefined : typeof s.documentation === 'string' ? s.documentation : new vscode.MarkdownString(s.documentation.value));
    signature.parameters = (s.parameters ?? []).map((p) => new vscode.ParameterInformation(p.label, p.documentation === undefined ? undefined : typeof p.documentation === 'string' ? p.documentation : new vscode.MarkdownString(p.documentation.value)));
    return signature;
  });
  result.activeSignature = help.activeSignature ?? 0;
  result.activeParameter = help.activeParameter ?? 0;
  return result;
}

class ImageLink extends vscode.DocumentLink {
  constructor(range: vscode.Range, readonly source: lsp.DocumentLink) { super(range); }
}

export function registerSignatureHelpAndLinks(analysis: LanguageAnalysis): vscode.Disposable {
  // Here only to resolve a link's target, which reads the link alone.
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  return vscode.Disposable.from(
    vscode.languages.registerSignatureHelpProvider(dockerfileSelector, {
      async provideSignatureHelp(document, position, token) {
        const help = await analysis.ask('signatureHelp', document, { position: fromPosition(position) }, token);
        return help?.signatures.length ? toSignatureHelp(help) : undefined;
      },
    }, { triggerCharacters: SIGNATURE_TRIGGERS, retriggerCharacters: [] }),
    vscode.languages.registerDocumentLinkProvider(dockerfileSelector, {
      async provideDocumentLinks(document, token) {
        const links: ImageLink[] = [];
        for (const link of await analysis.ask('links', document, {}, token) ?? []) {
          const range = toRange(link.range);
          // The library's range is the image's repository part; look at the whole word for its registry.
          const line = document.lineAt(range.start.line).text;
          const wordStart = line.lastIndexOf(' ', range.start.character) + 1;
          const word = line.slice(wordStart).split(/\s/)[0];
          if (link.data !== undefined && hasOtherRegistry(word)) continue;
          const item = new ImageLink(range, link);
          if (link.target) item.target = vscode.Uri.parse(link.target);
          item.tooltip = 'Open the image\'s page on its registry';
          links.push(item);
        }
        return links;
      },
      resolveDocumentLink(link: ImageLink) {
        const resolved = service.resolveLink(link.source);
        if (resolved.target) link.target = vscode.Uri.parse(resolved.target);
        return link;
      },
    }),
  );
}
