import { describe, expect, it } from 'vitest';
import { createOcrEngine, createOcrEngineRegistry } from './ocr.engine.ts';
import type { OcrEngine } from './ocr.types.ts';

describe('OCR engine registry', () => {
  it('creates the built-in tesseract engine by name', () => {
    expect(createOcrEngine('tesseract').name).toBe('tesseract');
    expect(() => createOcrEngine('abbyy')).toThrow(/Unknown OCR engine "abbyy"/);
  });

  it('lets the composition root plug in other engines without touching global state', async () => {
    const fake: OcrEngine = {
      name: 'fake',
      recognize: async () => ({ engine: 'fake', text: 'Hallo', words: [], meanConfidence: 100, pdf: null, durationMs: 0 }),
    };
    const registry = createOcrEngineRegistry();
    registry.register('fake', () => fake);
    expect(registry.names()).toEqual(['tesseract', 'fake']);
    expect((await registry.create('fake').recognize({ imagePath: 'x.png', dpi: 300, languages: ['deu'], wantPdf: false, timeoutMs: 1000 })).text).toBe('Hallo');
    expect(() => registry.register('fake', () => fake)).toThrow(/already registered/);
    // Another registry is unaffected.
    expect(createOcrEngineRegistry().names()).toEqual(['tesseract']);
  });
});
