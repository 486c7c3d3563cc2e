/**
 * Kölner Phonetik (Hans Joachim Postel, 1969): a phonetic code for German
 * names. Letters map to digits by their sound, with context rules for C, D/T,
 * P and X; then repeated digits collapse and every 0 except a leading one is
 * dropped. "Meier", "Mayer", "Maier", "Meyer" → 67; "Müller-Lüdenscheidt" →
 * 60550750206880022 (raw) → 65752682.
 *
 * Words are coded one after the other into one string (spaces and hyphens
 * carry no sound), so "Müller-Lüdenscheidt" and "Müller Lüdenscheidt" get the
 * same code; "at the beginning" for the C rule means at the start of a word.
 */

const vowels = new Set(['A', 'E', 'I', 'J', 'O', 'U', 'Y']);
const cHardAtStart = new Set(['A', 'H', 'K', 'L', 'O', 'Q', 'R', 'U', 'X']);
const cHardInside = new Set(['A', 'H', 'K', 'O', 'Q', 'U', 'X']);

/** Upper-case letters A–Z per word: umlauts become E, ß becomes S, accents are dropped. */
function lettersOf(input: string): string[][] {
  const words: string[][] = [];
  let current: string[] = [];
  // Umlauts are vowels other than A/O/U (a C before Ä is soft): written as E before accents are dropped.
  const upper = input
    .normalize('NFC')
    .replace(/ß/g, 's')
    .replace(/[äöüÄÖÜ]/g, 'e')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase();
  for (const ch of upper) {
    if (ch >= 'A' && ch <= 'Z') {
      current.push(ch);
    } else if (current.length > 0) {
      words.push(current);
      current = [];
    }
  }
  if (current.length > 0) words.push(current);
  return words;
}

function codeOf(letter: string, previous: string | undefined, next: string | undefined, atStart: boolean): string {
  if (vowels.has(letter)) return '0';
  switch (letter) {
    case 'H':
      return '';
    case 'B':
      return '1';
    case 'P':
      return next === 'H' ? '3' : '1';
    case 'D':
    case 'T':
      return next === 'C' || next === 'S' || next === 'Z' ? '8' : '2';
    case 'F':
    case 'V':
    case 'W':
      return '3';
    case 'G':
    case 'K':
    case 'Q':
      return '4';
    case 'C':
      if (atStart) return next !== undefined && cHardAtStart.has(next) ? '4' : '8';
      if (previous === 'S' || previous === 'Z') return '8';
      return next !== undefined && cHardInside.has(next) ? '4' : '8';
    case 'X':
      return previous === 'C' || previous === 'K' || previous === 'Q' ? '8' : '48';
    case 'L':
      return '5';
    case 'M':
    case 'N':
      return '6';
    case 'R':
      return '7';
    case 'S':
    case 'Z':
      return '8';
    default:
      return '';
  }
}

/** The digit string before collapsing repeats and dropping zeros (the "Rohcode"). */
export function koelnerPhonetikRaw(input: string): string {
  let raw = '';
  for (const word of lettersOf(input)) {
    for (let index = 0; index < word.length; index += 1) {
      raw += codeOf(word[index] as string, word[index - 1], word[index + 1], index === 0);
    }
  }
  return raw;
}

/** The Kölner Phonetik code of a name or word; '' for input without letters. */
export function koelnerPhonetik(input: string): string {
  const raw = koelnerPhonetikRaw(input);
  let collapsed = '';
  for (const digit of raw) {
    if (digit !== collapsed[collapsed.length - 1]) collapsed += digit;
  }
  if (collapsed.length === 0) return '';
  return collapsed[0] + collapsed.slice(1).replace(/0/g, '');
}
