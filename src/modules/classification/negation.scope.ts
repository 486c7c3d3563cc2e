/**
 * Negation scope: which words of a German text stand under a "nicht", "kein", "nie", "ohne" ….
 *
 * "Ich will nicht kündigen, nur umziehen" contains the strongest cancellation word there is; as a bag of words
 * it is a cancellation. Marking the words in the scope of a negation (the classic NOT_-prefix of sentiment
 * analysis, Das & Chen 2001; Pang et al. 2002) gives "kündigen" under "nicht" features of its own, which the
 * model learns from the training letters that say what they do not want ("bitte nicht verlängern", "kein
 * Interesse an einem neuen Tarif", "an der Rechnung ist nichts auszusetzen").
 *
 * The scope starts after the negator and ends at the end of the clause (punctuation followed by a space or line
 * end), at a contrasting conjunction ("sondern", "aber", "nur", "jedoch", "stattdessen") or after
 * `MAX_SCOPE_CONTENT_WORDS` content words (articles, pronouns and particles do not count), whichever comes
 * first. German often puts the negation after the verb ("Ich kündige nicht"); those cases stay unmarked — the
 * rule only has to be right where it fires.
 */
import { normaliseText } from './text.normaliser.ts';

/** Normalised (umlaut-folded) negators. */
const NEGATORS = new Set(['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nichts', 'ohne', 'weder', 'keinesfalls', 'keineswegs']);

/** Words that end a negation's scope: what follows is what the writer does want. */
const SCOPE_BREAKERS = new Set(['sondern', 'aber', 'nur', 'jedoch', 'stattdessen', 'statt', 'lediglich', 'allerdings', 'doch', 'und', 'oder', 'weil', 'da', 'denn', 'dass', 'sonst']);

/** Function words inside a scope that do not use up its length. */
const FUNCTION_WORDS = new Set([
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer', 'eines', 'mein', 'meine', 'meinen', 'meinem', 'meiner',
  'ihr', 'ihre', 'ihren', 'ihrem', 'ihrer', 'unser', 'unsere', 'unseren', 'dein', 'deine', 'euer', 'eure', 'ich', 'wir', 'sie', 'es', 'er',
  'mir', 'mich', 'uns', 'ihn', 'ihm', 'zu', 'zum', 'zur', 'an', 'am', 'auf', 'in', 'im', 'mit', 'von', 'vom', 'fuer', 'bei', 'so', 'mehr',
  'auch', 'noch', 'ganz', 'gar', 'sehr', 'wirklich', 'bitte', 'einfach', 'mal', 'schon', 'ja', 'wie', 'als', 'dieser', 'diese', 'diesen',
  'diesem', 'dieses', 'automatisch', 'weiter', 'weiterhin', 'wieder', 'erneut',
]);

/** Content words a negation reaches at most. */
export const MAX_SCOPE_CONTENT_WORDS = 2;

/** Clause ends: punctuation followed by whitespace or the end, or a blank line. Decimal commas and dates stay whole. */
const CLAUSE_END = /[.!?;:,]+(?=\s|$)|\r?\n[ \t]*\r?\n/;

export interface ScopedTokens {
  /** Tokens of the normalised text, as `normaliseText` would give them. */
  tokens: string[];
  /** 1 where a token stands in the scope of a negation. */
  negated: Uint8Array;
}

/**
 * Clause ends become this token before normalising (letters only, so it survives punctuation stripping and case
 * folding); one normalisation pass per text instead of one per clause.
 */
const CLAUSE_MARK = 'qxclausemarkxq';
const CLAUSE_END_ALL = new RegExp(CLAUSE_END.source, 'g');

export function negationScopes(text: string): ScopedTokens {
  const normalised = normaliseText(text.replace(CLAUSE_END_ALL, ` ${CLAUSE_MARK} `));
  const tokens: string[] = [];
  const flags: number[] = [];
  let remaining = 0;
  for (const token of normalised === '' ? [] : normalised.split(' ')) {
    if (token === CLAUSE_MARK) {
      remaining = 0;
      continue;
    }
    if (NEGATORS.has(token)) {
      tokens.push(token);
      flags.push(0);
      remaining = MAX_SCOPE_CONTENT_WORDS;
      continue;
    }
    if (remaining > 0 && SCOPE_BREAKERS.has(token)) remaining = 0;
    const inScope = remaining > 0;
    tokens.push(token);
    flags.push(inScope ? 1 : 0);
    if (inScope && !FUNCTION_WORDS.has(token)) remaining -= 1;
  }
  return { tokens, negated: Uint8Array.from(flags) };
}
