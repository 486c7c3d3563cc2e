import { compactIdentifier, looksLikeIdentifierQuery } from './identifiers.ts';

export type QueryPart =
  | { kind: 'word'; text: string }
  | { kind: 'identifier'; token: string }
  | { kind: 'phrase'; text: string };

/**
 * Splits what a user typed into words, "quoted phrases" and identifiers.
 * Anything with a digit is an identifier and must match exactly.
 */
export function parseSearchQuery(query: string): QueryPart[] {
  const trimmed = query.trim();
  if (!trimmed) return [];
  if (looksLikeIdentifierQuery(trimmed)) return [{ kind: 'identifier', token: compactIdentifier(trimmed) }];
  const parts: QueryPart[] = [];
  const pattern = /"([^"]+)"|(\S+)/g;
  for (const match of trimmed.matchAll(pattern)) {
    if (match[1]) {
      parts.push({ kind: 'phrase', text: match[1] });
      continue;
    }
    const word = (match[2] ?? '').replace(/^[^\p{L}\p{N}+]+|[^\p{L}\p{N}]+$/gu, '');
    if (!word) continue;
    if (/\d/.test(word)) parts.push({ kind: 'identifier', token: compactIdentifier(word) });
    else parts.push({ kind: 'word', text: word });
  }
  return parts;
}

/** Quotes a lexeme for to_tsquery('simple', …) so user input can never change the query's structure. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
