import type { OcrEngine } from './ocr.types.ts';
import { createTesseractEngine } from './tesseract.engine.ts';
import type { TesseractEngineOptions } from './tesseract.engine.ts';

/**
 * Engines are chosen by name from configuration. A registry is an ordinary
 * value (no module-level mutable state): the composition root builds one,
 * adds engines if it has any, and passes it on.
 */
export type OcrEngineFactory<Options = never> = (options?: Options) => OcrEngine;

export interface OcrEngineRegistry {
  register(name: string, factory: OcrEngineFactory<never>): void;
  create(name: string, options?: unknown): OcrEngine;
  names(): string[];
}

/** The engines that ship with Poststelle. */
export const builtInOcrEngines: Readonly<Record<string, OcrEngineFactory<TesseractEngineOptions>>> = Object.freeze({
  tesseract: (options?: TesseractEngineOptions) => createTesseractEngine(options),
});

export function createOcrEngineRegistry(initial: Readonly<Record<string, OcrEngineFactory<never>>> = builtInOcrEngines): OcrEngineRegistry {
  const factories = new Map<string, OcrEngineFactory<never>>(Object.entries(initial));
  return {
    register(name, factory) {
      if (factories.has(name)) throw new Error(`OCR engine "${name}" is already registered`);
      factories.set(name, factory);
    },
    create(name, options) {
      const factory = factories.get(name);
      if (!factory) throw new Error(`Unknown OCR engine "${name}" (known: ${[...factories.keys()].join(', ')})`);
      return (factory as (options?: unknown) => OcrEngine)(options);
    },
    names: () => [...factories.keys()],
  };
}

/** Shortcut for the built-in engines: `createOcrEngine('tesseract', { extraArgs: ['--psm', '4'] })`. */
export function createOcrEngine(name: string, options?: unknown): OcrEngine {
  return createOcrEngineRegistry().create(name, options);
}
