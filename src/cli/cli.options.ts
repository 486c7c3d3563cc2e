import type { Command } from 'commander';
import { loadConfig, type PoststelleConfig } from '../modules/config/config.ts';
import { UsageError } from './cli.errors.ts';

export interface GlobalOptions {
  dataDir?: string;
  tenant?: string;
  verbose?: boolean;
}

/** Config from the environment, overridden by global and command flags. */
export function configFrom(command: Command, extra: { tenant?: string } = {}): PoststelleConfig {
  const global = command.optsWithGlobals<GlobalOptions>();
  const config = loadConfig({ dataDir: global.dataDir, tenantId: extra.tenant ?? global.tenant });
  if (!global.verbose && !process.env.POSTSTELLE_LOG_LEVEL) config.logLevel = 'warn';
  return config;
}

export function parseDate(value: string, flag: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag}: not a date: ${value}`);
  return date;
}

export function parsePositiveInt(value: string, flag: string): number {
  const number = Number.parseInt(value, 10);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${flag}: expected a positive number, got ${value}`);
  return number;
}
