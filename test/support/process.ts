import { spawn } from 'node:child_process';

export interface ProcessResult { status: number; stdout: string; stderr: string }

/** Runs a program (argv array, no shell) without blocking, so several can run at once. */
export function runProcess(command: string, args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ status: code ?? 1, stdout, stderr }));
  });
}
