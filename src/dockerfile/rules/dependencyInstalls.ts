// What counts as installing dependencies from manifests, per ecosystem, and which files are
// dependency manifests or lockfiles. A RUN that installs from manifests only needs those files:
// copying anything else before it makes every source edit re-run the install.
import { operands, SimpleCommand } from './shellCommands';

export interface DependencyInstall {
  /** How the command reads, for messages (`npm ci`). */
  command: string;
  /** The manifests and lockfiles the install reads. */
  manifests: string[];
  /** A COPY source that matches those manifests whether or not a lockfile exists. */
  safeCopy?: string[];
}

/** Recognises an install that reads only manifests (not `npm install left-pad`, not `pip install .`). */
export function dependencyInstall(command: SimpleCommand): DependencyInstall | undefined {
  const tool = command.words[0].replace(/^.*\//, '');
  const ops = operands(command);
  const sub = ops[1];
  const flags = command.words.filter((w) => w.startsWith('-'));
  switch (tool) {
    case 'npm':
      if (flags.includes('-g') || flags.includes('--global')) return undefined;
      if (sub === 'ci' || sub === 'clean-install' || ((sub === 'install' || sub === 'i') && ops.length === 2)) {
        return { command: `npm ${sub}`, manifests: ['package.json', 'package-lock.json'], safeCopy: ['package*.json'] };
      }
      return undefined;
    case 'yarn':
      if (flags.includes('global')) return undefined;
      if (ops.length === 1 || (sub === 'install' && ops.length === 2)) return { command: ops.length === 1 ? 'yarn' : 'yarn install', manifests: ['package.json', 'yarn.lock'] };
      return undefined;
    case 'pnpm':
      if (((sub === 'install' || sub === 'i') && ops.length === 2) || sub === 'fetch') return { command: `pnpm ${sub}`, manifests: ['package.json', 'pnpm-lock.yaml'] };
      return undefined;
    case 'pip': case 'pip3': case 'uv': case 'python': case 'python3': {
      const words = command.words;
      const install = words.indexOf('install');
      if (install < 0 || (tool.startsWith('python') && !words.includes('pip'))) {
        if (tool === 'uv' && sub === 'sync') return { command: 'uv sync', manifests: ['pyproject.toml', 'uv.lock'] };
        return undefined;
      }
      const files: string[] = [];
      for (let i = install + 1; i < words.length; i++) {
        const w = words[i];
        if (w === '-r' || w === '--requirement') { if (words[i + 1]) files.push(words[++i]); }
        else if (w.startsWith('--requirement=')) files.push(w.slice('--requirement='.length));
        else if (/^-r\S/.test(w)) files.push(w.slice(2));
        else if (!w.startsWith('-') && !/^(?:-c|--constraint)$/.test(words[i - 1])) return undefined; // a package or `.`: needs more than manifests
      }
      if (files.length === 0) return undefined;
      return { command: `${command.words.slice(0, install + 1).join(' ')} -r ${files.join(' -r ')}`, manifests: files, safeCopy: files };
    }
    case 'poetry':
      if (sub === 'install') return { command: 'poetry install', manifests: ['pyproject.toml', 'poetry.lock'] };
      return undefined;
    case 'pipenv':
      if ((sub === 'install' && ops.length === 2) || sub === 'sync') return { command: `pipenv ${sub}`, manifests: ['Pipfile', 'Pipfile.lock'] };
      return undefined;
    case 'bundle': case 'bundler':
      if (ops.length === 1 || sub === 'install') return { command: 'bundle install', manifests: ['Gemfile', 'Gemfile.lock'] };
      return undefined;
    case 'go':
      if (sub === 'mod' && ops[2] === 'download') return { command: 'go mod download', manifests: ['go.mod', 'go.sum'] };
      return undefined;
    case 'composer': case 'composer.phar':
      if (sub === 'install') return { command: 'composer install', manifests: ['composer.json', 'composer.lock'] };
      return undefined;
    case 'cargo':
      if (sub === 'fetch') return { command: 'cargo fetch', manifests: ['Cargo.toml', 'Cargo.lock'] };
      return undefined;
    default:
      return undefined;
  }
}

const MANIFEST_NAMES = new Set([
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', '.yarnrc', '.yarnrc.yml', '.npmrc',
  'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.pnpmfile.cjs', 'pyproject.toml', 'poetry.lock', 'Pipfile', 'Pipfile.lock',
  'uv.lock', 'setup.cfg', 'Gemfile', 'Gemfile.lock', 'go.mod', 'go.sum', 'composer.json', 'composer.lock',
  'Cargo.toml', 'Cargo.lock', 'pom.xml', '.yarn', 'patches',
]);
const MANIFEST_PATTERNS = [/requirements/i, /constraints.*\.txt$/i, /\.gemspec$/, /\.csproj$/];
/** Names no manifest glob should match: if a source glob matches one, it copies sources too. */
const SOURCE_PROBES = ['src', 'index.js', 'main.go', 'app.py', 'README.md', 'config.json', 'lib'];

/** Whether a COPY source is only dependency manifests (a name, a path, or a narrow glob). */
export function isManifestSource(source: string): boolean {
  const base = source.replace(/\/+$/, '').replace(/^.*\//, '');
  if (base === '' || base === '.' || base === '*') return false;
  if (!/[*?[]/.test(base)) return MANIFEST_NAMES.has(base) || MANIFEST_PATTERNS.some((p) => p.test(source));
  let glob: RegExp;
  try {
    glob = new RegExp(`^${base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  } catch {
    return false; // an unterminated `[` (half-typed JSON, say): a pattern the builder refuses, no manifest
  }
  return [...MANIFEST_NAMES].some((n) => glob.test(n)) && !SOURCE_PROBES.some((p) => glob.test(p));
}
