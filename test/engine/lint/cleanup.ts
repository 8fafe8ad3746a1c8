// Removes what these tests built: the tagged images, then the intermediate images the classic
// builder left (they carry the label too, and are only pruned with their last child).
import { dockerCli, TEST_LABEL } from '../../support/engine';

export const LINT_LABEL = `${TEST_LABEL}=lint`;

export function removeLintImages(tags: string[]): void {
  for (const tag of tags) dockerCli(['rmi', tag]);
  for (let pass = 0; pass < 10; pass++) {
    const ids = dockerCli(['images', '-a', '-q', '--filter', `label=${LINT_LABEL}`]).stdout.split('\n').filter(Boolean);
    if (ids.length === 0) return;
    for (const id of [...new Set(ids)]) dockerCli(['rmi', id]);
  }
}
