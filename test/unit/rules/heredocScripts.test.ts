// The package-manager rules read the shell a RUN heredoc runs (`RUN <<EOF`, `RUN bash <<EOF`) as
// BuildKit hands it to the shell, and not a heredoc that is data (`RUN cat <<EOF > file`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, at, dockerfile, findings, textAt } from './helpers';

test('UpdateWithoutInstall: an update alone in a RUN heredoc is found at its body line', () => {
  const text = dockerfile('FROM debian', 'RUN <<EOF', 'set -e', 'apt-get update', 'EOF', 'RUN apt-get install -y curl');
  const [f, ...rest] = findings('UpdateWithoutInstall', text);
  assert.equal(rest.length, 0);
  assert.equal(at(f), '3:0-3:14');
  assert.equal(textAt(text, f), 'apt-get update');
  // No merge fix: it would have to rewrite the heredoc.
  assert.equal(f.fix, undefined);
});

test('UpdateWithoutInstall: update and install in one heredoc, across a continuation or a comment, are fine', () => {
  assert.deepEqual(findings('UpdateWithoutInstall', dockerfile('FROM debian', 'RUN <<EOF', 'apt-get update && \\', '  apt-get install -y curl', 'EOF')), []);
  assert.deepEqual(findings('UpdateWithoutInstall', dockerfile('FROM debian', 'RUN bash -eux <<"EOF"', '# refresh the lists, then install', 'apt-get update', 'apt-get install -y curl', 'EOF')), []);
  // The update on the line, the install in the body the shell reads.
  assert.deepEqual(findings('UpdateWithoutInstall', dockerfile('FROM debian', 'RUN apt-get update && sh <<EOF', 'apt-get install -y curl', 'EOF')), []);
});

test('UpdateWithoutInstall: a heredoc that is data, or run by another interpreter, is not read as shell', () => {
  assert.deepEqual(findings('UpdateWithoutInstall', dockerfile('FROM debian', 'RUN cat <<EOF > /notes.txt', 'apt-get update', 'EOF')), []);
  assert.deepEqual(findings('UpdateWithoutInstall', dockerfile('FROM python:3', 'RUN <<EOF', '#!/usr/bin/env python3', 'print("apt-get update")', 'EOF')), []);
  // A shebang of a shell is still shell.
  assert.equal(findings('UpdateWithoutInstall', dockerfile('FROM debian', 'RUN <<EOF', '#!/bin/bash', 'apt-get update', 'EOF')).length, 1);
  // `sh -c '...'` runs its argument, not its stdin.
  assert.deepEqual(findings('UpdateWithoutInstall', dockerfile('FROM debian', "RUN sh -c 'true' <<EOF", 'apt-get update', 'EOF')), []);
});

test('PackageManagerCache: an install in a RUN heredoc, and the cleanup there too', () => {
  const text = dockerfile('FROM debian', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF');
  const [f, ...rest] = findings('PackageManagerCache', text);
  assert.equal(rest.length, 0);
  assert.equal(textAt(text, f), 'apt-get install -y curl');
  assert.equal(f.range.start.line, 3);
  assert.deepEqual(findings('PackageManagerCache', dockerfile('FROM debian', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'rm -rf /var/lib/apt/lists/*', 'EOF')), []);
  // A `<<-` body: tabs stripped by the builder, ranges still on the document's characters.
  const tabbed = dockerfile('FROM python:3', 'RUN <<-EOF', '\tpip install flask', '\tEOF');
  assert.equal(textAt(tabbed, findings('PackageManagerCache', tabbed)[0]), 'pip install flask');
});

test('PackageManagerCache: pip with its cache turned off in the RUN itself, pip2, aptitude', () => {
  assert.deepEqual(findings('PackageManagerCache', dockerfile('FROM python:3', 'RUN PIP_NO_CACHE_DIR=1 pip install flask')), []);
  assert.deepEqual(findings('PackageManagerCache', dockerfile('FROM python:3', 'RUN export PIP_NO_CACHE_DIR=off; pip install flask')), []);
  assert.equal(findings('PackageManagerCache', dockerfile('FROM python:3', 'RUN PIP_NO_CACHE_DIR= pip install flask')).length, 1);
  assert.equal(findings('PackageManagerCache', dockerfile('FROM python:2', 'RUN pip2 install flask')).length, 1);
  assert.equal(findings('PackageManagerCache', dockerfile('FROM debian', 'RUN aptitude install -y curl')).length, 1);
});

test('CacheBustingCopyBeforeInstall: an install in a RUN heredoc, and the fix moves the heredoc whole', () => {
  const text = dockerfile('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN <<EOF', 'npm ci', 'EOF', 'CMD ["node", "server.js"]');
  const [f, ...rest] = findings('CacheBustingCopyBeforeInstall', text);
  assert.equal(rest.length, 0);
  assert.equal(f.range.start.line, 2);
  const fixed = applyFix(text, f);
  assert.equal(fixed, dockerfile('FROM node:20', 'WORKDIR /app', 'COPY package*.json ./', 'RUN <<EOF', 'npm ci', 'EOF', 'COPY . .', 'CMD ["node", "server.js"]'));
  assert.deepEqual(findings('CacheBustingCopyBeforeInstall', fixed), []);
});
