// `.dockerignore` matching against the real docker CLI and engine, for both builders: the fixture's
// whole context is copied into an image (COPY . /ctx) and listed; the files there must be exactly
// the fixture files that DockerignoreMatcher says the context includes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerignoreMatcher } from '../../../src/dockerfile/cache';
import { buildWith, TEST_BUILDERS } from '../../support/builders';
import { dockerCli, TEST_LABEL } from '../../support/engine';
import { FIXTURES } from './harness';

function filesUnder(root: string, dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(root, rel) : [rel];
  });
}

describe('.dockerignore: the context the engine copies is what DockerignoreMatcher includes', { concurrency: 2 }, () => {
  for (const builder of TEST_BUILDERS) {
    test(builder, async () => {
      const dir = join(FIXTURES, '_dockerignore');
      const run = randomBytes(4).toString('hex');
      const tag = `layerwise-test-cache-ignore:${builder}-${run}`;
      try {
        const built = await buildWith(builder, { context: dir, tag, noCache: true, labels: { [TEST_LABEL]: `cache-ignore-${run}` } });
        assert.equal(built.status, 0, built.output);
        const inImage = built.printed.split('\n').filter((l) => l.startsWith('/ctx/')).map((l) => l.slice('/ctx/'.length)).sort();
        const matcher = DockerignoreMatcher.fromText(readFileSync(join(dir, '.dockerignore'), 'utf8'));
        const all = filesUnder(dir).sort();
        const included = all.filter((f) => matcher.includes(f));
        assert.deepEqual(included, inImage);
        // The fixture is telling: the engine left some files out, and kept some.
        assert.ok(inImage.length > 0 && inImage.length < all.length, `${inImage.length} of ${all.length}`);
      } finally {
        const mine = dockerCli(['images', '-a', '-q', '--filter', `label=${TEST_LABEL}=cache-ignore-${run}`]).stdout.split('\n').filter(Boolean);
        dockerCli(['rmi', '-f', tag, ...new Set(mine)]);
      }
    });
  }
});
