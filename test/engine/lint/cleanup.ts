// Removes what these tests built: the tagged images, then the intermediate images the classic
// builder left (they carry the label too, and are only pruned with their last child).
import { randomBytes } from 'node:crypto';
import { dockerCli, TEST_LABEL } from '../../support/engine';

/**
 * The label of what one test file (one process) builds: its own value, so that the cleanup of one
 * file never removes the images another file, or another checkout's run, is still using.
 */
export const LINT_LABEL = `${TEST_LABEL}=lint-${process.pid}-${randomBytes(3).toString('hex')}`;

export function removeLintImages(tags: string[]): void {
  for (const tag of tags) dockerCli(['rmi', tag]);
  for (let pass = 0; pass < 10; pass++) {
    const ids = dockerCli(['images', '-a', '-q', '--filter', `label=${LINT_LABEL}`]).stdout.split('\n').filter(Boolean);
    if (ids.length === 0) return;
    for (const id of [...new Set(ids)]) dockerCli(['rmi', id]);
  }
}
