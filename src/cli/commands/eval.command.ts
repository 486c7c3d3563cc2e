import type { Command } from 'commander';
import { configFrom } from '../cli.options.ts';

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('run a labelled folder (documents + labels.jsonl [+ customers.csv]) through the pipeline and report accuracy')
    .argument('<dir>', 'folder with labels.jsonl')
    .option('--json', 'print the metrics as JSON')
    .action(async (dir: string, options: { json?: boolean }, command: Command) => {
      const config = configFrom(command);
      const { runEvaluation } = await import('../../modules/evaluation/evaluation.runner.ts');
      const { formatRecognitionMetrics } = await import('../../modules/evaluation/recognition.metrics.ts');
      const tty = process.stderr.isTTY === true;
      const metrics = await runEvaluation(dir, config, (done, total) => {
        if (tty) process.stderr.write(`\r${done}/${total} documents processed `);
      });
      if (tty) process.stderr.write('\n');
      const timing = `\nrecognition (classify + extract + match + route) per document, ${metrics.customersLoaded} customers loaded: mean ${metrics.recognitionMs.mean} ms, p50 ${metrics.recognitionMs.p50} ms, p95 ${metrics.recognitionMs.p95} ms`;
      process.stdout.write(options.json ? `${JSON.stringify(metrics)}\n` : `${formatRecognitionMetrics(metrics)}\n${timing}\n`);
    });
}
