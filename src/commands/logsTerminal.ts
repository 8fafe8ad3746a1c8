// A container's logs in a terminal of their own (a Pseudoterminal fed by the engine's logs API,
// not a `docker logs -f` process): it shows what a stopped or crashed container printed, stays
// open when the container exits with a "container exited (code N)" line, and follows the
// container again when it restarts. The terminal keeps the program's colours and line breaks and
// searches with the terminal's find. Ctrl+C stops following; closing the terminal does too.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { followContainerLogs } from '../engine/operations/containerLogs';

/** The transcript kept for `transcript` (the terminal itself keeps its own scrollback). */
const TRANSCRIPT_LIMIT = 1_000_000;

/** Bare `\n` as the terminal wants it (`\r\n`); a TTY container's output already has `\r\n`. */
const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export class ContainerLogsPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private readonly abort = new AbortController();
  private written = '';
  private following = false;

  constructor(
    private readonly docker: Docker,
    private readonly containerId: string,
    private readonly containerName: string,
  ) {}

  /** Everything written to the terminal so far (escape codes included): what the user sees. */
  get transcript(): string {
    return this.written;
  }

  /** True from `open` until following stops (the container was removed, Ctrl+C, or close). */
  get isFollowing(): boolean {
    return this.following;
  }

  open(): void {
    this.following = true;
    followContainerLogs(this.docker, this.containerId, {
      output: (text) => this.write(crlf(text)),
      note: (text) => this.note(text),
    }, this.abort.signal)
      .catch((error: unknown) => {
        if (!this.abort.signal.aborted) this.note(`could not read the logs of ${this.containerName}: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.following = false;
      });
  }

  handleInput(data: string): void {
    if (data === '\x03' && this.following) {
      this.abort.abort();
      this.note('stopped following (Ctrl+C); close this terminal, or run Show Container Logs again');
    }
  }

  close(): void {
    this.abort.abort();
    this.writeEmitter.dispose();
  }

  private note(text: string): void {
    // On a line of its own, dimmed, so it cannot be taken for the program's output.
    const fresh = this.written === '' || this.written.endsWith('\n');
    this.write(`${fresh ? '' : '\r\n'}\x1b[2m--- ${text} ---\x1b[0m\r\n`);
  }

  private write(text: string): void {
    if (!text) return;
    this.written += text;
    if (this.written.length > TRANSCRIPT_LIMIT) this.written = this.written.slice(-TRANSCRIPT_LIMIT);
    this.writeEmitter.fire(text);
  }
}

/** Opens (and shows) a logs terminal for one container. */
export function openLogsTerminal(docker: Docker, id: string, name: string): vscode.Terminal {
  const pty = new ContainerLogsPty(docker, id, name);
  const terminal = vscode.window.createTerminal({ name: `logs: ${name}`, pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}
