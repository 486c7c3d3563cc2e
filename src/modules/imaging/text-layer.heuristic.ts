/**
 * Decides whether a PDF page's text layer is "real text" (a born-digital page
 * whose text we can take as is) or whether the page needs OCR. Scanned PDFs
 * often carry a little text anyway: a scanner stamp ("Scanned by … 12.03.2024
 * 10:14"), a page number, or glyph garbage from fonts without a Unicode
 * mapping. Taking that as the page text would lose the letter's content, so
 * the bar is: enough letters, mostly word-like tokens, several lines, and
 * letter and word statistics that look like a natural language.
 */

export interface TextLayerAssessment {
  isRealText: boolean;
  letters: number;
  tokens: number;
  wordTokens: number;
  /** Lines with at least two word-like tokens. */
  textLines: number;
  /** Share of tokens that look like words (0..1). */
  wordShare: number;
  /** Share of non-space characters that are letters (0..1). */
  letterShare: number;
  /** Share of vowels among Latin letters (0..1); natural German/English text sits around 0.35–0.45. */
  vowelShare: number;
  /** Share of characters that are control, private-use or replacement characters (broken font mappings). */
  garbageShare: number;
  /** Share of word-like tokens that are common function words ("der", "und", "the", …). */
  functionWordShare: number;
  reason: string;
}

export interface TextLayerThresholds {
  minLetters: number;
  minWordTokens: number;
  minTextLines: number;
  minWordShare: number;
  minLetterShare: number;
  minVowelShare: number;
  maxVowelShare: number;
  maxGarbageShare: number;
  minFunctionWordShare: number;
}

// Tuned so that a short born-digital reply (a few sentences) passes, while a
// one-line stamp or a page number does not. A page that just misses the bar
// is OCR'd, which costs time but loses nothing.
export const defaultTextLayerThresholds: TextLayerThresholds = {
  minLetters: 80,
  minWordTokens: 12,
  minTextLines: 2,
  minWordShare: 0.45,
  minLetterShare: 0.5,
  minVowelShare: 0.2,
  maxVowelShare: 0.65,
  maxGarbageShare: 0.02,
  minFunctionWordShare: 0.03,
};

// Function words of the languages a German mailroom meets most. Real prose
// and even invoices contain them ("vom", "auf", "den"); glyph garbage from a
// shifted font encoding ("Tfis hffisuf") looks word-like and has plausible
// vowels, but practically never hits these.
const functionWords = new Set(
  (
    // German
    'der die das den dem des ein eine einen einem einer eines und oder aber nicht ist sind war wird werden wurde hat haben ' +
    'ich sie wir ihr er es mich mir sich uns ihnen ihre ihr sein seine mein meine meinen ' +
    'zu zum zur im in am an auf aus bei mit nach von vom vor für über unter um bis durch gegen ohne als auch wie wenn dass ' +
    'bitte sehr nur noch schon hier hiermit diese dieser dieses sowie ab pro je ' +
    // English
    'the and of to in is are was be for on with as by at from this that it not or your you we our ' +
    // French, Italian, Spanish, Dutch, Polish, Turkish (short high-frequency words)
    'le la les et des du un une est pour dans que qui ' +
    'il di che per non con del della sono ' +
    'el los las por con para del que una ' +
    'het een van en op niet met voor zijn ' +
    'nie na się jest do że ' +
    've bir bu için ile da de'
  ).split(' '),
);

// A "word": at least two letters, optionally with inner hyphens/apostrophes/dots
// (Müller-Lüdenscheidt, z.B., don't), optionally wrapped in punctuation.
const wordPattern = /^[("„“‚'«»]*\p{L}[\p{L}\p{M}]*(?:[-'’.]\p{L}[\p{L}\p{M}]*)*[)"“”‘'«».,;:!?]*$/u;
const letterPattern = /\p{L}/gu;
const latinVowels = /[aeiouyäöüàáâèéêìíîòóôùúûæœøå]/giu;
const latinLetters = /[a-zäöüßàáâèéêìíîòóôùúûæœøåçñ]/giu;
const garbagePattern = /[\p{Cc}\p{Co}\p{Cs}\uFFFD]/gu;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

export function assessTextLayer(text: string, thresholds: TextLayerThresholds = defaultTextLayerThresholds): TextLayerAssessment {
  // Form feeds separate pages and tabs/newlines are layout, not garbage.
  const cleaned = text.replace(/[\f\t\r]/g, ' ');
  const nonSpace = cleaned.replace(/\s+/g, '');
  const letters = count(nonSpace, letterPattern);
  const garbage = count(nonSpace, garbagePattern);
  const latin = count(nonSpace, latinLetters);
  const vowels = count(nonSpace, latinVowels);

  let tokens = 0;
  let wordTokens = 0;
  let textLines = 0;
  let functionWordTokens = 0;
  for (const line of cleaned.split('\n')) {
    const lineTokens = line.split(/\s+/).filter((token) => token.length > 0);
    const lineWords = lineTokens.filter((token) => wordPattern.test(token) && count(token, letterPattern) >= 2);
    tokens += lineTokens.length;
    wordTokens += lineWords.length;
    if (lineWords.length >= 2) textLines += 1;
    for (const word of lineWords) {
      if (functionWords.has(word.replace(/[^\p{L}]/gu, '').toLowerCase())) functionWordTokens += 1;
    }
  }

  const wordShare = tokens === 0 ? 0 : wordTokens / tokens;
  const letterShare = nonSpace.length === 0 ? 0 : letters / nonSpace.length;
  // Non-Latin scripts have no vowel statistics here; do not hold that against them.
  const vowelShare = latin < 20 ? 0.4 : vowels / latin;
  const garbageShare = nonSpace.length === 0 ? 0 : garbage / nonSpace.length;
  const functionWordShare = wordTokens === 0 ? 0 : functionWordTokens / wordTokens;

  const checks: Array<[boolean, string]> = [
    [letters >= thresholds.minLetters, `only ${letters} letters`],
    [wordTokens >= thresholds.minWordTokens, `only ${wordTokens} word-like tokens`],
    [textLines >= thresholds.minTextLines, `only ${textLines} lines of words`],
    [wordShare >= thresholds.minWordShare, `word share ${wordShare.toFixed(2)} too low`],
    [letterShare >= thresholds.minLetterShare, `letter share ${letterShare.toFixed(2)} too low`],
    [vowelShare >= thresholds.minVowelShare && vowelShare <= thresholds.maxVowelShare, `vowel share ${vowelShare.toFixed(2)} unnatural`],
    [garbageShare <= thresholds.maxGarbageShare, `garbage share ${garbageShare.toFixed(3)} too high`],
    // Non-Latin scripts are not covered by the list; do not hold that against them.
    [latin < 20 || functionWordShare >= thresholds.minFunctionWordShare, `function word share ${functionWordShare.toFixed(2)} too low`],
  ];
  const failed = checks.find(([ok]) => !ok);
  return {
    isRealText: failed === undefined,
    letters,
    tokens,
    wordTokens,
    textLines,
    wordShare,
    letterShare,
    vowelShare,
    garbageShare,
    functionWordShare,
    reason: failed ? failed[1] : 'real text',
  };
}

/** Convenience predicate over {@link assessTextLayer}. */
export function isRealTextLayer(text: string, thresholds?: TextLayerThresholds): boolean {
  return assessTextLayer(text, thresholds).isRealText;
}
