// EarlyVolatileArg, MissingDockerignore, StageNameCasing, FromAsCasing, ReservedStageName,
// JSONArgsRecommended, ExposeProtoCasing, CopyFromUnknownStage: one case at a time, bad and good.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allFindings, applyFix, dockerfile, findings, textAt } from './helpers';

describe('EarlyVolatileArg', () => {
  const RULE = 'EarlyVolatileArg';
  it('a commit ARG before RUN steps that do not use it', () => {
    const text = dockerfile('FROM alpine', 'ARG GIT_COMMIT', 'RUN apk add curl', 'RUN make', 'LABEL rev=$GIT_COMMIT');
    const [f, ...rest] = findings(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f), 'GIT_COMMIT');
    assert.match(f.message, /2 RUN step\(s\) that do not use it \(first at line 3\).*just before line 5/);
  });
  it('declared right before its first use, or a name that does not look volatile: fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'RUN make', 'ARG BUILD_DATE', 'RUN echo $BUILD_DATE > /date')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ARG USERNAME', 'RUN adduser -D app')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ARG NODE_VERSION=20', 'RUN apk add curl', 'RUN echo $NODE_VERSION')), [], 'a default pins the value');
  });
});

describe('MissingDockerignore', () => {
  const RULE = 'MissingDockerignore';
  const text = dockerfile('FROM node', 'WORKDIR /app', 'COPY . .', 'COPY . /other');
  it('whole-context COPY without a .dockerignore: once per file', () => {
    const found = findings(RULE, text, { context: { dir: '/ctx', files: ['package.json', 'server.js'] } });
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 2);
  });
  it('with a .dockerignore, or an unknown context, or a narrow COPY: fine', () => {
    assert.deepEqual(findings(RULE, text, { context: { dir: '/ctx', files: ['.dockerignore', 'server.js'] } }), []);
    assert.deepEqual(findings(RULE, text), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM node', 'COPY server.js .'), { context: { dir: '/ctx', files: ['server.js'] } }), []);
  });
});

describe('StageNameCasing / FromAsCasing / ReservedStageName', () => {
  it('StageNameCasing: upper-case stage name, fix lower-cases it', () => {
    const text = dockerfile('FROM alpine AS Builder');
    const [f] = findings('StageNameCasing', text);
    assert.equal(textAt(text, f), 'Builder');
    assert.equal(f.message, "Stage name 'Builder' should be lowercase");
    assert.equal(applyFix(text, f), dockerfile('FROM alpine AS builder'));
    assert.deepEqual(findings('StageNameCasing', dockerfile('FROM alpine AS builder')), []);
  });
  it('FromAsCasing: FROM ... as, and from ... AS', () => {
    const text = dockerfile('FROM alpine as a', 'from alpine AS b', 'FROM alpine AS c', 'from alpine as d');
    const found = findings('FromAsCasing', text);
    assert.deepEqual(found.map((f) => `${f.range.start.line}:${textAt(text, f)}`), ['0:as', '1:AS']);
    assert.equal(found[0].message, "'as' and 'FROM' keywords' casing do not match");
    assert.equal(applyFix(text, found[0]).split('\n')[0], 'FROM alpine AS a');
  });
  it('ReservedStageName: scratch and context', () => {
    const text = dockerfile('FROM alpine AS scratch', 'FROM alpine AS context', 'FROM alpine AS base');
    const found = findings('ReservedStageName', text);
    assert.deepEqual(found.map((f) => textAt(text, f)), ['scratch', 'context']);
    assert.equal(found[0].message, 'Stage name should not use the same name as reserved stage "scratch"');
  });
});

describe('JSONArgsRecommended', () => {
  const RULE = 'JSONArgsRecommended';
  it('shell-form CMD and ENTRYPOINT', () => {
    const found = findings(RULE, dockerfile('FROM alpine', 'ENTRYPOINT my-program start', 'CMD exec my-program'));
    assert.deepEqual(found.map((f) => f.range.start.line), [1, 2]);
    assert.equal(found[0].message, 'JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals');
  });
  it('exec form, or an explicit SHELL, is fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'CMD ["my-program", "start"]')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'SHELL ["/bin/bash", "-c"]', 'CMD echo hi')), []);
  });
});

describe('ExposeProtoCasing', () => {
  const RULE = 'ExposeProtoCasing';
  it('upper-case protocol, fix lower-cases it', () => {
    const text = dockerfile('FROM nginx', 'EXPOSE 80 443/TCP 53/udp');
    const [f, ...rest] = findings(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f), '443/TCP');
    assert.equal(f.message, "Defined protocol '443/TCP' in EXPOSE instruction should be lowercase");
    assert.equal(applyFix(text, f), dockerfile('FROM nginx', 'EXPOSE 80 443/tcp 53/udp'));
  });
});

describe('ExposeInvalidPort', () => {
  const RULE = 'ExposeInvalidPort';
  it('a port above 65535, a backwards range, after expansion; valid ports are fine', () => {
    const text = dockerfile('FROM nginx', 'ARG PORT=70000', 'EXPOSE 80 99999 8010-8000/udp 53/foo $PORT 8000-8010 443/TCP');
    const found = findings(RULE, text);
    assert.deepEqual(found.map((f) => textAt(text, f)), ['99999', '8010-8000/udp', '$PORT']);
    // An unknown protocol is dockerfile-utils' InvalidProtocol, reported once.
    assert.equal(allFindings(text).filter((f) => f.rule === 'InvalidProtocol').length, 1);
    assert.equal(allFindings(text).filter((f) => f.rule === RULE).length, 3);
    assert.match(found[0].message, /^invalid containerPort: 99999: the build fails here/);
    assert.equal(found[0].severity, 'error');
    assert.deepEqual(findings(RULE, dockerfile('FROM nginx', 'EXPOSE 0 65535 8000-8010/tcp 53/udp 9/sctp')), []);
  });
});

describe('CopyFromUnknownStage', () => {
  const RULE = 'CopyFromUnknownStage';
  it('a typo of an earlier stage, with a fix', () => {
    const text = dockerfile('FROM golang AS build', 'FROM alpine', 'COPY --from=biuld /app /app');
    const [f, ...rest] = findings(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f), 'biuld');
    assert.match(f.message, /did you mean build\?/);
    assert.equal(applyFix(text, f), dockerfile('FROM golang AS build', 'FROM alpine', 'COPY --from=build /app /app'));
  });
  it('a stage defined later, and a stage number that does not exist yet', () => {
    const text = dockerfile('FROM alpine', 'COPY --from=later /a /a', 'COPY --from=1 /b /b', 'FROM alpine AS later');
    const found = findings(RULE, text);
    assert.deepEqual(found.map((f) => textAt(text, f)), ['later', '1']);
    assert.match(found[0].message, /defined later \(line 4\)/);
  });
  it('an earlier stage (any case), its number, or an image: fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine AS Build', 'FROM alpine', 'COPY --from=build /a /a', 'COPY --from=0 /a /a', 'COPY --from=nginx:1.27 /a /a', 'COPY --from=busybox /bin/sh /sh')), []);
  });
});

describe('RedundantTargetPlatform', () => {
  const RULE = 'RedundantTargetPlatform';
  it('--platform=$TARGETPLATFORM, with a fix removing the flag', () => {
    const text = dockerfile('FROM --platform=${TARGETPLATFORM} alpine AS base');
    const [f, ...rest] = findings(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f), '--platform=${TARGETPLATFORM}');
    assert.equal(f.message, 'Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior');
    assert.equal(applyFix(text, f), dockerfile('FROM alpine AS base'));
  });
  it('$BUILDPLATFORM or a constant are not this rule', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM --platform=$BUILDPLATFORM golang', 'FROM --platform=linux/amd64 alpine')), []);
  });
});

describe('ExposeInvalidFormat', () => {
  const RULE = 'ExposeInvalidFormat';
  it('host port and address mappings, with a fix keeping the container port', () => {
    const text = dockerfile('FROM nginx', 'EXPOSE 80:80 127.0.0.1:8443:443/tcp 9000');
    const found = findings(RULE, text);
    assert.deepEqual(found.map((f) => textAt(text, f)), ['80:80', '127.0.0.1:8443:443/tcp']);
    assert.equal(found[1].message, "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:8443:443/tcp'");
    assert.equal(applyFix(text, found[1]), dockerfile('FROM nginx', 'EXPOSE 80:80 443/tcp 9000'));
  });
  it('ports, ranges and protocols are fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM nginx', 'EXPOSE 80 8000-8010 53/udp')), []);
  });
});

describe('CopyIgnoredFile', () => {
  const RULE = 'CopyIgnoredFile';
  const dockerignore = '# build output\ndist\n*.md\nsecrets/\n**/*.log\n';
  const options = { context: { dir: '/ctx', dockerignore } };
  it('a source the .dockerignore excludes (itself, or a parent directory), by its cleaned path', () => {
    const text = dockerfile('FROM nginx', 'COPY README.md dist/app.js /srv/', 'ADD ./secrets/key.pem logs/a/b.log /k/');
    const found = findings(RULE, text, options);
    assert.deepEqual(found.map((f) => textAt(text, f)), ['README.md', 'dist/app.js', './secrets/key.pem', 'logs/a/b.log']);
    assert.equal(found[0].message, 'Attempting to Copy file "README.md" that is excluded by .dockerignore');
    assert.equal(found[2].message, 'Attempting to Add file "secrets/key.pem" that is excluded by .dockerignore');
    // BuildKit matches a wildcard source as written: `*.md` is itself a path `*.md` excludes.
    assert.equal(findings(RULE, dockerfile('FROM nginx', 'COPY *.md /srv/'), options).length, 1);
  });
  it('with `!` exceptions BuildKit does not check at all; other stages and an unknown .dockerignore are fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM nginx', 'COPY README.md /srv/'), { context: { dir: '/ctx', dockerignore: '*.md\n!KEEP.md\n' } }), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM nginx', 'COPY src/ /srv/', 'COPY --from=build /dist /dist'), options), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM nginx', 'COPY README.md /srv/')), []);
  });
  it('COPY . . when a pattern excludes every root entry (*, **, **/*), not for narrower ones', () => {
    for (const all of ['*', '**', '**/*']) {
      const [f] = findings(RULE, dockerfile('FROM scratch', 'COPY . .'), { context: { dir: '/ctx', dockerignore: `${all}\n` } });
      assert.equal(f?.message, 'Attempting to Copy file "." that is excluded by .dockerignore', all);
      assert.ok(f.suppressions?.length, 'copying nothing is no failure: skipping is offered');
    }
    assert.deepEqual(findings(RULE, dockerfile('FROM scratch', 'COPY . .'), { context: { dir: '/ctx', dockerignore: '.*\n' } }), []);
  });
});

describe('PackageManagerCache', () => {
  const RULE = 'PackageManagerCache';
  it('apt lists, apk index and pip cache left in the final image (info)', () => {
    const text = dockerfile('FROM debian', 'RUN apt-get update && apt-get install -y curl', 'RUN apk add --update git', 'RUN pip install flask');
    const found = findings(RULE, text);
    assert.deepEqual(found.map((f) => textAt(text, f)), ['apt-get install -y curl', 'apk add --update git', 'pip install flask']);
    assert.ok(found.every((f) => f.severity === 'info'));
    assert.match(found[0].message, /rm -rf \/var\/lib\/apt\/lists/);
  });
  it('cleaned in the same RUN, no-cache options, or a builder stage: fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM debian', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM debian', 'RUN apt-get update; apt-get install -y curl; apt-get dist-clean')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'RUN apk add --no-cache git', 'RUN apk add git')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM python', 'RUN pip install --no-cache-dir flask', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install x')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM debian AS build', 'RUN apt-get update && apt-get install -y gcc', 'FROM scratch', 'COPY --from=build /x /x')), []);
  });
  it('a stage the final one is built FROM ships its layers', () => {
    assert.equal(findings(RULE, dockerfile('FROM debian AS base', 'RUN apt-get update && apt-get install -y curl', 'FROM base', 'CMD ["curl"]')).length, 1);
  });
});

describe('EarlyVolatileArg: a version is a pin, not a volatile value', () => {
  it('the "Redeclare ARG" fix of UndefinedVar (a version ARG without a default) is not flagged', () => {
    const text = dockerfile('ARG NODE_VERSION=20', 'FROM node:${NODE_VERSION}-slim', 'RUN echo "node ${NODE_VERSION}" > /info');
    const [undefinedVar] = findings('UndefinedVar', text);
    const fixed = applyFix(text, undefinedVar);
    assert.match(fixed, /^ARG NODE_VERSION$/m);
    assert.deepEqual(findings('EarlyVolatileArg', fixed), []);
    for (const name of ['VERSION', 'APP_VERSION', 'RELEASE', 'PYTHON_VERSION']) {
      assert.deepEqual(findings('EarlyVolatileArg', dockerfile('FROM alpine', `ARG ${name}`, 'RUN make')), [], name);
    }
  });
  it('commits, dates, build numbers and ids still are', () => {
    for (const name of ['GIT_COMMIT', 'GITHUB_SHA', 'BUILD_DATE', 'SOURCE_DATE_EPOCH', 'BUILD_NUMBER', 'CI_PIPELINE_ID', 'GITHUB_RUN_ID', 'TIMESTAMP']) {
      assert.equal(findings('EarlyVolatileArg', dockerfile('FROM alpine', `ARG ${name}`, 'RUN make')).length, 1, name);
    }
  });
});
