import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';

/** The structural PDF/A facts we can check without a full validator (veraPDF is not installable here). */
export interface PdfAInspection {
  pdfVersion: string;
  encrypted: boolean;
  /** From the XMP metadata stream of the catalog. */
  pdfaPart: string | null;
  pdfaConformance: string | null;
  outputIntent: { subtype: string; components: number | null; iccValid: boolean } | null;
  javaScript: boolean;
  /** Forbidden actions found (/S values), and whether any additional-actions (/AA) dictionary exists. */
  forbiddenActions: string[];
  additionalActions: boolean;
  fonts: number;
  unembeddedFonts: string[];
  problems: string[];
}

const forbiddenActionTypes = new Set(['Launch', 'Sound', 'Movie', 'ResetForm', 'ImportData', 'JavaScript', 'Hide', 'SetOCGState', 'Rendition', 'Trans', 'GoTo3DView']);
const embeddedFontKeys = ['FontFile', 'FontFile2', 'FontFile3'];

function streamBytes(stream: PDFStream): Uint8Array {
  if (!(stream instanceof PDFRawStream)) return stream.getContents();
  const filter = stream.dict.get(PDFName.of('Filter'));
  const name = filter instanceof PDFArray ? filter.get(0) : filter;
  if (name instanceof PDFName && name.asString() === '/FlateDecode') return inflateSync(stream.contents);
  return stream.contents;
}

function nameOf(object: PDFObject | undefined): string | null {
  return object instanceof PDFName ? object.asString().slice(1) : null;
}

function xmpValue(xmp: string, property: string): string | null {
  const attribute = new RegExp(`pdfaid:${property}\\s*=\\s*["']([^"']+)["']`).exec(xmp);
  if (attribute?.[1]) return attribute[1];
  const element = new RegExp(`<pdfaid:${property}>\\s*([^<\\s]+)\\s*</pdfaid:${property}>`).exec(xmp);
  return element?.[1] ?? null;
}

/** Reads a PDF and reports what PDF/A-2b requires structurally: identification, output intent, no encryption or scripts, embedded fonts. */
export async function inspectPdfA(bytes: Buffer): Promise<PdfAInspection> {
  const header = /^%PDF-(\d\.\d)/.exec(bytes.subarray(0, 16).toString('latin1'));
  const document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  const context = document.context;
  const lookup = (object: PDFObject | undefined): PDFObject | undefined => (object instanceof PDFRef ? context.lookup(object) : object);
  const catalog = document.catalog;

  let pdfaPart: string | null = null;
  let pdfaConformance: string | null = null;
  const metadata = lookup(catalog.get(PDFName.of('Metadata')));
  if (metadata instanceof PDFStream) {
    const xmp = Buffer.from(streamBytes(metadata)).toString('utf8');
    pdfaPart = xmpValue(xmp, 'part');
    pdfaConformance = xmpValue(xmp, 'conformance');
  }

  let outputIntent: PdfAInspection['outputIntent'] = null;
  const intents = lookup(catalog.get(PDFName.of('OutputIntents')));
  if (intents instanceof PDFArray) {
    for (let index = 0; index < intents.size(); index += 1) {
      const intent = lookup(intents.get(index));
      if (!(intent instanceof PDFDict)) continue;
      const subtype = nameOf(intent.get(PDFName.of('S'))) ?? '';
      const profile = lookup(intent.get(PDFName.of('DestOutputProfile')));
      let iccValid = false;
      let components: number | null = null;
      if (profile instanceof PDFStream) {
        const icc = streamBytes(profile);
        // An ICC profile carries the signature 'acsp' at byte 36.
        iccValid = icc.length > 128 && Buffer.from(icc.subarray(36, 40)).toString('latin1') === 'acsp';
        const n = profile.dict.get(PDFName.of('N'));
        components = n instanceof PDFNumber ? n.asNumber() : null;
      }
      outputIntent = { subtype, components, iccValid };
      if (subtype === 'GTS_PDFA1') break;
    }
  }

  let javaScript = false;
  let additionalActions = catalog.has(PDFName.of('AA'));
  const forbiddenActions = new Set<string>();
  const unembeddedFonts: string[] = [];
  let fonts = 0;
  const names = lookup(catalog.get(PDFName.of('Names')));
  if (names instanceof PDFDict && names.has(PDFName.of('JavaScript'))) javaScript = true;

  const visit = (object: PDFObject | undefined, seen: Set<PDFObject>) => {
    if (!object || seen.has(object)) return;
    seen.add(object);
    const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
    if (object instanceof PDFArray) {
      for (let index = 0; index < object.size(); index += 1) {
        const item = object.get(index);
        if (!(item instanceof PDFRef)) visit(item, seen);
      }
      return;
    }
    if (!dict) return;
    if (dict.has(PDFName.of('JS'))) javaScript = true;
    if (dict.has(PDFName.of('AA'))) additionalActions = true;
    const action = nameOf(dict.get(PDFName.of('S')));
    if (action && forbiddenActionTypes.has(action) && nameOf(dict.get(PDFName.of('Type'))) !== 'OutputIntent') {
      forbiddenActions.add(action);
      if (action === 'JavaScript') javaScript = true;
    }
    if (nameOf(dict.get(PDFName.of('Type'))) === 'Font') {
      const subtype = nameOf(dict.get(PDFName.of('Subtype')));
      const baseFont = nameOf(dict.get(PDFName.of('BaseFont'))) ?? '(unnamed)';
      // Type0 fonts are embedded through their descendant CIDFont, Type3 glyphs are content streams.
      if (subtype !== 'Type0' && subtype !== 'Type3') {
        fonts += 1;
        const descriptor = lookup(dict.get(PDFName.of('FontDescriptor')));
        const embedded = descriptor instanceof PDFDict && embeddedFontKeys.some((key) => descriptor.has(PDFName.of(key)));
        if (!embedded) unembeddedFonts.push(baseFont);
      }
    }
    for (const [, value] of dict.entries()) {
      if (!(value instanceof PDFRef)) visit(value, seen);
    }
  };
  const seen = new Set<PDFObject>();
  for (const [, object] of context.enumerateIndirectObjects()) visit(object, seen);

  const inspection: PdfAInspection = {
    pdfVersion: header?.[1] ?? 'unknown',
    encrypted: document.isEncrypted,
    pdfaPart,
    pdfaConformance,
    outputIntent,
    javaScript,
    forbiddenActions: [...forbiddenActions].sort(),
    additionalActions,
    fonts,
    unembeddedFonts,
    problems: [],
  };
  inspection.problems = pdfA2bProblems(inspection);
  return inspection;
}

/** What keeps an inspected file from being PDF/A-2b; empty when the structure is right. */
export function pdfA2bProblems(inspection: Omit<PdfAInspection, 'problems'>): string[] {
  const problems: string[] = [];
  if (inspection.encrypted) problems.push('encrypted');
  if (inspection.pdfaPart !== '2') problems.push(`XMP pdfaid:part is ${inspection.pdfaPart ?? 'missing'}, expected 2`);
  if (!inspection.pdfaConformance || inspection.pdfaConformance.toUpperCase() !== 'B') problems.push(`XMP pdfaid:conformance is ${inspection.pdfaConformance ?? 'missing'}, expected B`);
  if (!inspection.outputIntent) problems.push('no output intent');
  else if (inspection.outputIntent.subtype !== 'GTS_PDFA1' || !inspection.outputIntent.iccValid) problems.push('output intent is not GTS_PDFA1 with an ICC profile');
  if (inspection.javaScript) problems.push('contains JavaScript');
  if (inspection.forbiddenActions.length > 0) problems.push(`forbidden actions: ${inspection.forbiddenActions.join(', ')}`);
  if (inspection.additionalActions) problems.push('additional actions (/AA)');
  if (inspection.unembeddedFonts.length > 0) problems.push(`fonts not embedded: ${inspection.unembeddedFonts.join(', ')}`);
  return problems;
}
