/**
 * Command line of the corpus generator:
 *   npx tsx scripts/generate-corpus.ts train --out FILE.jsonl [--seed N] [--count N] [--pool train|heldout] [--noise F]
 *   npx tsx scripts/generate-corpus.ts eval --out DIR [--seed N] [--count N] [--pool heldout|train] [--customers N]
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateEvaluationSet } from './evaluation.ts';
import { POOLS, type Pool } from './taxonomy.ts';
import { generateTrainingCorpus, toJsonl } from './training.ts';

const USAGE = [
  'Usage:',
  '  npx tsx scripts/generate-corpus.ts train --out FILE.jsonl [--seed N] [--count N] [--pool train|heldout] [--noise F]',
  '  npx tsx scripts/generate-corpus.ts eval --out DIR [--seed N] [--count N] [--pool heldout|train] [--customers N]',
].join('\n');

interface CliArgs {
  command: 'train' | 'eval';
  out: string;
  seed?: number;
  count?: number;
  pool?: Pool;
  noise?: number;
  customers?: number;
}

function number(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new Error(`${flag} needs a number, got "${value}"`);
  return n;
}

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'train' && command !== 'eval') throw new Error(`expected "train" or "eval" as first argument\n${USAGE}`);
  const args: Partial<CliArgs> = { command };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.includes('=') ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--out':
        args.out = value();
        break;
      case '--seed':
        args.seed = number(flag, value());
        break;
      case '--count':
        args.count = number(flag, value());
        break;
      case '--noise':
        args.noise = number(flag, value());
        break;
      case '--customers':
        args.customers = number(flag, value());
        break;
      case '--pool': {
        const pool = value();
        if (!(POOLS as readonly string[]).includes(pool)) throw new Error(`--pool must be one of ${POOLS.join(', ')}`);
        args.pool = pool as Pool;
        break;
      }
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (!args.out) throw new Error(`--out is required\n${USAGE}`);
  return args as CliArgs;
}

export async function runCli(argv: string[]): Promise<void> {
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const args = parseArgs(argv);
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  if (args.command === 'train') {
    const examples = generateTrainingCorpus({ seed: args.seed, count: args.count, pool: args.pool, noise: args.noise });
    await writeFile(args.out, toJsonl(examples), 'utf8');
    const byLabel = new Map<string, number>();
    for (const e of examples) byLabel.set(e.label, (byLabel.get(e.label) ?? 0) + 1);
    console.log(`${examples.length} examples in ${path.resolve(args.out)} after ${seconds()} s: ${[...byLabel].map(([l, n]) => `${l} ${n}`).join(', ')}`);
    return;
  }
  const set = await generateEvaluationSet({ outDir: args.out, seed: args.seed, count: args.count, pool: args.pool, customers: args.customers });
  const byKind = new Map<string, number>();
  for (const l of set.labels) byKind.set(l.kind, (byKind.get(l.kind) ?? 0) + 1);
  console.log(
    `${set.labels.length} documents and ${set.customerCount} customers in ${set.outDir} after ${seconds()} s: ` +
      [...byKind].map(([k, n]) => `${k} ${n}`).join(', '),
  );
}
