// Saves a document the way a user would under a slow workbench: again if the first save did not
// take. Seen on a loaded machine (CI run, 2 cores saturated): `document.save()` resolved while the
// document stayed dirty, once in 70 tests. The web workbench does the save; the test waits for its
// outcome (the document clean, the disk holding its text) with a generous deadline.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { until } from '../../support/until';

export async function saveDocument(document: vscode.TextDocument, ms = 60_000): Promise<void> {
  const attempts: string[] = [];
  try {
    await until(`${document.uri.fsPath} to be saved`, async () => {
      if (!document.isDirty && readFileSync(document.uri.fsPath, 'utf8') === document.getText()) return true;
      const result = await document.save();
      attempts.push(`save() -> ${result}, dirty ${document.isDirty}`);
      if (!document.isDirty) return readFileSync(document.uri.fsPath, 'utf8') === document.getText();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return false;
    }, ms);
  } catch (error) {
    throw new Error(`${(error as Error).message}; attempts: ${attempts.join('; ')}`);
  }
}
