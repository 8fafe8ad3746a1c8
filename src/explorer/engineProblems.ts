// What to tell a user when the engine cannot be reached: one entry per reason the store reports.
// The welcome views in package.json are generated from this table (see welcomeContent.ts), and a
// unit test keeps the two in step. No `vscode` import.
import type { UnreachableReason } from '../engine/model';

export interface EngineProblemText {
  /** One line: what is wrong. */
  readonly title: string;
  /** How to fix it. Plain text: viewsWelcome renders links and nothing else of Markdown. */
  readonly fix: string;
}

export const ENGINE_PROBLEMS: Readonly<Record<UnreachableReason, EngineProblemText>> = {
  'not-running': {
    title: 'The Docker engine is not running.',
    fix: 'Start it (for example: sudo systemctl start docker, or start Docker Desktop), then Retry.',
  },
  'permission-denied': {
    title: 'Permission denied on the Docker socket.',
    fix: 'Add your user to the docker group (sudo usermod -aG docker $USER), sign out and in again, then Retry.',
  },
  'wrong-host': {
    title: 'No Docker engine answers at the configured host.',
    fix: 'Check DOCKER_HOST, DOCKER_CONTEXT or the current context, or pick another context.',
  },
  tls: {
    title: 'The TLS handshake with the Docker engine failed.',
    fix: 'Check the CA, certificate and key of the context (or DOCKER_CERT_PATH / DOCKER_TLS_VERIFY).',
  },
  ssh: {
    title: 'The SSH connection to the Docker engine failed.',
    fix: 'Check that the host is reachable and that your key is loaded in the SSH agent (ssh-add -l).',
  },
  unknown: {
    title: 'The Docker engine could not be reached.',
    fix: 'Show the details for the engine\'s own message, then Retry.',
  },
};

export const UNREACHABLE_REASONS = Object.keys(ENGINE_PROBLEMS) as UnreachableReason[];
