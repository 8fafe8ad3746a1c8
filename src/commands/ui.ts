// Every question a command asks, and every outcome it reports, goes through this object, so the
// extension-host tests can answer for the user and read what they were told (a modal dialog
// cannot be clicked from there). The real widgets are the default; ExplorerApi.commands.ui is
// this same object, and a test swaps a method and restores it.
import * as vscode from 'vscode';
import { confirmChoices } from './confirmChoices';
import type { ListDocuments } from './listDocuments';

export interface PickItem<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export interface ConfirmOptions {
  /**
   * Every object the action takes, by name. With more than one, the dialog's default (Enter) is
   * not the action: it shows this list in full (see confirmChoices).
   */
  readonly objects?: readonly string[];
}

export type Severity = 'info' | 'warning' | 'error';

export interface CommandUi {
  /** A modal warning; true only when the user chose `action`. */
  confirm(message: string, detail: string, action: string, options?: ConfirmOptions): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  pick<T>(items: ReadonlyArray<PickItem<T>>, options: { title: string; placeHolder?: string }): Promise<T | undefined>;
  pickMany<T>(items: ReadonlyArray<PickItem<T>>, options: { title: string; placeHolder?: string }): Promise<T[]>;
  /** A notification (not modal); resolves with the action button chosen, if any. */
  notify(severity: Severity, message: string, ...actions: string[]): Promise<string | undefined>;
  /** The outcome of a quick mutation, in the status bar for a few seconds ("Stopped web"). */
  report(message: string): void;
}

const REPORT_MS = 6000;

export function realUi(lists: ListDocuments): CommandUi {
  return {
    async confirm(message, detail, action, options = {}) {
      const objects = options.objects ?? [];
      const choices = confirmChoices(action, objects.length);
      const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...choices);
      if (choice?.outcome === 'act') return true;
      if (choice?.outcome !== 'list') return false;
      // The list, then the same question as a notification: it waits beside the list (a modal
      // would cover it) and Enter in the editor cannot answer it.
      await lists.show(message.replace(/\?$/, ''), objects);
      return (await vscode.window.showWarningMessage(message, action)) === action;
    },
    async input(options) {
      return vscode.window.showInputBox(options);
    },
    async pick(items, options) {
      return (await vscode.window.showQuickPick([...items], options))?.value;
    },
    async pickMany(items, options) {
      return ((await vscode.window.showQuickPick([...items], { ...options, canPickMany: true })) ?? []).map((i) => i.value);
    },
    async notify(severity, message, ...actions) {
      const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      return show(message, ...actions);
    },
    report(message) {
      vscode.window.setStatusBarMessage(`$(check) ${message}`, REPORT_MS);
    },
  };
}

/** "a, b, c and 4 more" */
export function listNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
