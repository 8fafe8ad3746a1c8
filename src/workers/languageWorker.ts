// The language worker: answers the requests VS Code makes by itself while a Dockerfile is edited
// (on every keystroke, cursor move or scroll: semantic tokens, inlay hints, folding, the outline,
// links, code lenses, highlights, hovers, completion, signature help) on a thread of its own. On
// the host's thread, each of those parsed a 10,000-line file again (0.1-0.4 s apiece), so typing
// froze every extension in the window. Requests are answered one at a time, in order; before each,
// the messages that arrived meanwhile are read, so a cancelled request, or one for a version a
// newer edit replaced, is answered with nothing instead of being computed. No `vscode` import.
import { parentPort } from 'node:worker_threads';
import { DocumentAnalyses } from './documentAnalyses';
import { featureAnswers } from './languageFeatures';
import type { FeatureRequest, FeatureResponse, LanguageWorkerRequest } from './languageProtocol';

const documents = new DocumentAnalyses();
const answers = featureAnswers(documents);
const queue: FeatureRequest[] = [];
const cancelled = new Set<number>();
let draining = false;

async function answer(request: FeatureRequest): Promise<FeatureResponse> {
  const { id, document } = request;
  if (cancelled.delete(id)) return { id };
  const newest = documents.newestVersion(document.uri);
  if (newest !== undefined && newest > document.version) return { id }; // a newer edit came: its requests follow
  if (!documents.accept(document)) return { id, needsText: true };
  try {
    const result = await (answers[request.feature] as (ref: typeof document, query: unknown) => unknown)(document, request.query);
    const unknownBaseImages = documents.analysedAlready(document)?.unknownBaseImages ?? [];
    return { id, result, ...(unknownBaseImages.length ? { unknownBaseImages } : {}) };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}

async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    for (;;) {
      // Let the messages sent meanwhile (cancels, newer versions) arrive before choosing.
      await new Promise((resolve) => setImmediate(resolve));
      const next = queue.shift();
      if (!next) return;
      parentPort!.postMessage(await answer(next));
    }
  } finally {
    draining = false;
  }
}

parentPort?.on('message', (message: LanguageWorkerRequest) => {
  switch (message.kind) {
    // Its text is kept at once: requests queued for older versions are then known to be stale.
    case 'feature': documents.accept(message.document); queue.push(message); void drain(); return;
    case 'cancel': if (queue.some((r) => r.id === message.id)) cancelled.add(message.id); return;
    case 'baseImages': documents.setBaseImages(message); return;
    case 'close': documents.close(message.uri); return;
  }
});
