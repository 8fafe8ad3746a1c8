// What the prompts remember per workspace (VS Code's workspaceState): the last run line per image,
// and whatever else a prompt wants back next time (the build tag per Dockerfile...). A few dozen
// entries per kind, most recent kept.
import type * as vscode from 'vscode';

const KEEP = 50;

export class PromptMemory {
  constructor(private readonly state: vscode.Memento) {}

  private key(kind: string): string {
    return `layerwise.prompts.${kind}`;
  }

  private entries(kind: string): Array<[string, string]> {
    const stored = this.state.get<unknown>(this.key(kind));
    return Array.isArray(stored) ? stored.filter((e): e is [string, string] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string') : [];
  }

  /** The value remembered for `subject` (an image, a Dockerfile...), if any. */
  get(kind: string, subject: string): string | undefined {
    return this.entries(kind).find(([s]) => s === subject)?.[1];
  }

  async set(kind: string, subject: string, value: string): Promise<void> {
    const rest = this.entries(kind).filter(([s]) => s !== subject);
    await this.state.update(this.key(kind), [[subject, value], ...rest].slice(0, KEEP));
  }

  async forget(kind: string, subject?: string): Promise<void> {
    await this.state.update(this.key(kind), subject === undefined ? undefined : this.entries(kind).filter(([s]) => s !== subject));
  }
}
