import { describe, expect, it } from 'vitest';
import { negationScopes } from './negation.scope.ts';
import { tokenise } from './text.normaliser.ts';

function marked(text: string): string {
  const { tokens, negated } = negationScopes(text);
  return tokens.map((token, i) => (negated[i] === 1 ? `NOT_${token}` : token)).join(' ');
}

describe('negation scope', () => {
  it('marks the words after a negator up to the end of the clause', () => {
    expect(marked('Ich will nicht kündigen, nur umziehen.')).toBe('ich will nicht NOT_kuendigen nur umziehen');
    expect(marked('Bitte nicht automatisch verlängern. Ich möchte den Vertrag beenden.')).toBe(
      'bitte nicht NOT_automatisch NOT_verlaengern ich moechte den vertrag beenden',
    );
  });

  it('skips function words and stops after two content words or at "sondern"/"aber"', () => {
    expect(marked('Ich habe kein Interesse an einem neuen Tarif und will raus')).toBe(
      'ich habe kein NOT_interesse NOT_an NOT_einem NOT_neuen tarif und will raus',
    );
    expect(marked('Keine Kündigung, sondern nur eine neue Adresse')).toBe('keine NOT_kuendigung sondern nur eine neue adresse');
    expect(marked('An der Rechnung ist nichts auszusetzen aber der Tarif ist zu teuer')).toBe(
      'an der rechnung ist nichts NOT_auszusetzen aber der tarif ist zu teuer',
    );
  });

  it('gives the same tokens as the plain normaliser, numbers and umlauts included', () => {
    const text = 'Sehr geehrte Damen und Herren,\nmeine Kundennummer ist 1234567890; den Betrag von 70,72 € erkenne ich nicht an. Grüße aus Köln';
    expect(negationScopes(text).tokens).toEqual(tokenise(text));
  });

  it('marks nothing in a text without negation', () => {
    expect(Array.from(negationScopes('Hiermit kündige ich meinen Vertrag zum 31.12.2026.').negated).every((flag) => flag === 0)).toBe(true);
  });
});
