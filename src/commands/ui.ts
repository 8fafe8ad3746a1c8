// Every question a command asks goes through this object, so the extension-host tests can answer
// for the user (a modal dialog cannot be clicked from there). The real widgets are the default;
// ExplorerApi.commands.ui is this same object, and a test swaps a method and restores it.
import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export interface CommandUi {
  /** A modal warning; true only when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  pick<T>(items: ReadonlyArray<PickItem<T>>, options: { title: string; placeHolder?: string }): Promise<T | undefined>;
  pickMany<T>(items: ReadonlyArray<PickItem<T>>, options: { title: string; placeHolder?: string }): Promise<T[]>;
}

export function realUi(): CommandUi {
  return {
    async confirm(message, detail, action) {
      return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
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
  };
}

/** "a, b, c and 4 more" */
export function listNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
