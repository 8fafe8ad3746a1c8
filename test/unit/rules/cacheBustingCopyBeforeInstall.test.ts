import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, dockerfile, findings } from './helpers';

const RULE = 'CacheBustingCopyBeforeInstall';

test('CacheBustingCopyBeforeInstall: COPY . . before npm ci, with the manifests-first fix', () => {
  const text = dockerfile('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["node", "server.js"]');
  const [f, ...rest] = findings(RULE, text);
  assert.equal(rest.length, 0);
  assert.equal(f.range.start.line, 2);
  assert.equal(f.range.end.line, 2);
  assert.match(f.message, /'COPY \. \.'.*'npm ci' \(line 4\).*package\.json and package-lock\.json/);
  const fixed = applyFix(text, f);
  assert.equal(fixed, dockerfile('FROM node:20', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .', 'CMD ["node", "server.js"]'));
  assert.deepEqual(findings(RULE, fixed), []);
});

test('CacheBustingCopyBeforeInstall: the fix copies only manifests the context has', () => {
  const text = dockerfile('FROM node:20', 'COPY . /app/', 'RUN yarn install');
  const [f] = findings(RULE, text, { context: { dir: '/ctx', files: ['package.json', 'yarn.lock', 'src/index.js'] } });
  assert.equal(applyFix(text, f), dockerfile('FROM node:20', 'COPY package.json yarn.lock /app/', 'RUN yarn install', 'COPY . /app/'));
  // Several sources need a destination ending in `/` (the builder rejects `COPY a b .`).
  const dot = dockerfile('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN yarn install');
  const [g] = findings(RULE, dot, { context: { dir: '/ctx', files: ['package.json', 'yarn.lock'] } });
  assert.equal(applyFix(dot, g), dockerfile('FROM node:20', 'WORKDIR /app', 'COPY package.json yarn.lock ./', 'RUN yarn install', 'COPY . .'));
  // Without knowing the context, no fix for yarn (a missing lockfile would fail the COPY).
  assert.equal(findings(RULE, text)[0].fix, undefined);
});

test('CacheBustingCopyBeforeInstall: other ecosystems', () => {
  const cases: Array<[string, RegExp]> = [
    ['RUN pip install --no-cache-dir -r requirements.txt', /requirements\.txt/],
    ['RUN go mod download', /go\.mod and go\.sum/],
    ['RUN bundle install', /Gemfile and Gemfile\.lock/],
    ['RUN composer install --no-dev', /composer\.json and composer\.lock/],
    ['RUN cargo fetch', /Cargo\.toml and Cargo\.lock/],
    ['RUN poetry install --no-root', /pyproject\.toml and poetry\.lock/],
    ['RUN pnpm install --frozen-lockfile', /pnpm-lock\.yaml/],
  ];
  for (const [run, manifests] of cases) {
    const [f, ...rest] = findings(RULE, dockerfile('FROM x', 'COPY src/ /src/', run));
    assert.ok(f, run);
    assert.equal(rest.length, 0, run);
    assert.match(f.message, manifests, run);
  }
});

test('CacheBustingCopyBeforeInstall: manifests first is the good order', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM node', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM node', 'COPY package*.json ./', 'RUN npm install', 'COPY . .')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM python', 'COPY requirements/ /r/', 'RUN pip install -r /r/base.txt', 'COPY . .')), []);
});

test('CacheBustingCopyBeforeInstall: installs that need the sources, or no manifests, are not flagged', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM python', 'COPY . .', 'RUN pip install .')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM node', 'COPY . .', 'RUN npm install -g typescript')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM node', 'COPY . .', 'RUN npm install left-pad')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM node', 'COPY --from=build /out /out', 'RUN npm ci')), []);
});

test('CacheBustingCopyBeforeInstall: only within the same stage', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM node AS a', 'COPY . .', 'FROM node', 'COPY package.json .', 'RUN npm ci')), []);
});

test('CacheBustingCopyBeforeInstall: a half-typed source with an unterminated [ does not break the lint (found by fuzzing)', () => {
  const text = dockerfile('FROM node:20', 'COPY --from=builder /app/[ /srv/', 'COPY ["cmd", /x', 'RUN npm ci');
  assert.doesNotThrow(() => findings(RULE, text));
});
