// The buttons of a destructive confirmation. In a VS Code modal the first item that is not the
// close affordance is the primary button and has the focus, so Enter takes it; VS Code adds its
// own Cancel (the close affordance, Escape) whatever the extension passes. So for one object the
// action comes first (Enter removes what the user just pointed at), and for several the first
// button is a harmless "Show List": Enter never removes a whole batch. No `vscode` import.

export const SHOW_LIST = 'Show List';

export interface ConfirmChoice {
  readonly title: string;
  /** What choosing it does: go ahead, or show the full list (nothing removed). */
  readonly outcome: 'act' | 'list';
}

/** The items for `showWarningMessage(message, { modal: true }, ...items)`, primary (focused) first. */
export function confirmChoices(action: string, objectCount: number): ConfirmChoice[] {
  const act: ConfirmChoice = { title: action, outcome: 'act' };
  return objectCount > 1 ? [{ title: SHOW_LIST, outcome: 'list' }, act] : [act];
}
