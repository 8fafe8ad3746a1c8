// Each feature the language worker answers, from the document's one analysis (Layerwise's build
// model and symbol index) or from dockerfile-language-service (which parses for itself, on this
// thread, never the host's). Returns plain data (./languageProtocol.ts). No `vscode` import.
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import * as lsp from 'vscode-languageserver-types';
import { contextSourcesOf } from '../dockerfile/context/copyIntake';
import { occurrenceAt, occurrencesOf } from '../dockerfile/symbols/symbolIndex';
import { semanticTokens } from '../dockerfile/symbols/semanticTokens';
import { valueHints } from '../dockerfile/symbols/valueHints';
import { variableHoverAt } from '../dockerfile/symbols/variableHoverText';
import type { DocumentAnalyses } from './documentAnalyses';
import type { CopySourcesData, DocumentRef, Feature, FeatureQueries } from './languageProtocol';

type Answer<F extends Feature> = (ref: DocumentRef, query: FeatureQueries[F]['query']) => FeatureQueries[F]['result'] | Promise<FeatureQueries[F]['result']>;
export type FeatureAnswers = { [F in Feature]: Answer<F> };

export function featureAnswers(documents: DocumentAnalyses): FeatureAnswers {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({
    completion: { completionItem: { snippetSupport: true, deprecatedSupport: true, documentationFormat: [lsp.MarkupKind.Markdown] } },
    hover: { contentFormat: [lsp.MarkupKind.Markdown] },
    foldingRange: { lineFoldingOnly: true },
  });
  const analysis = (ref: DocumentRef) => documents.analysisOf(ref);
  const text = (ref: DocumentRef) => documents.textOf(ref);
  return {
    semanticTokens: (ref) => semanticTokens(analysis(ref).index),
    inlayHints: (ref) => {
      const { text: source, index, model } = analysis(ref);
      return valueHints(source, index, model.escapeChar).map((h) => ({
        position: h.position, name: h.name, value: h.value, expression: h.expression,
        ...(h.variable ? { variable: { source: h.variable.source, ...(h.variable.definedAt ? { definedAt: h.variable.definedAt } : {}) } } : {}),
      }));
    },
    folding: (ref) => service.computeFoldingRanges(text(ref)),
    symbols: (ref) => service.computeSymbols({ uri: ref.uri }, text(ref)),
    links: (ref) => service.computeLinks(text(ref)),
    copies: (ref) => {
      const { model } = analysis(ref);
      const copies: CopySourcesData[] = [];
      for (const stage of model.stages) {
        for (const instruction of stage.instructions) {
          if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.onbuildTrigger) continue;
          const sources = contextSourcesOf(instruction, model.escapeChar);
          if (sources) copies.push({ line: instruction.range.start.line, keyword: instruction.keyword, sources });
        }
      }
      return copies;
    },
    hover: (ref, { position }) => {
      const { model, lines } = analysis(ref);
      // Layerwise's answer first: the library's own variable hovers ignore ARG/ENV scoping.
      const variable = variableHoverAt(model, (line) => lines.line(line), position);
      if (variable) return { variable };
      const library = service.computeHover(text(ref), position);
      return library ? { library } : {};
    },
    highlights: (ref, { position }) => {
      const { index } = analysis(ref);
      const occurrence = occurrenceAt(index, position);
      if (!occurrence) return [];
      return occurrencesOf(index, occurrence.symbol).map((o) => ({ range: o.range, write: o.role === 'definition' }));
    },
    completion: async (ref, { position }) => {
      const items = await service.computeCompletionItems(text(ref), position);
      return items.map((item) => service.resolveCompletionItem(item));
    },
    signatureHelp: (ref, { position }) => service.computeSignatureHelp(text(ref), position),
  };
}
