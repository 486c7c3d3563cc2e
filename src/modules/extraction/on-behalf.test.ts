import { describe, expect, it } from 'vitest';
import { DEFAULT_OWN_IDENTITY } from './extraction.config.ts';
import { detectOnBehalf } from './on-behalf.ts';
import { compileOwnIdentity } from './own-identity.ts';

const own = compileOwnIdentity(DEFAULT_OWN_IDENTITY, 'DE');

function detect(text: string, firmLines: string[] = []) {
  return detectOnBehalf(
    text,
    0,
    text.length,
    [],
    firmLines.map((l) => ({ text: l, start: 0 })),
    own,
  );
}

describe('detectOnBehalf', () => {
  it.each([
    ['Im Namen und in Vollmacht unseres Mandanten, Herrn Hans Müller, widersprechen wir.', 'Hans Müller'],
    ['Wir zeigen an, dass wir die rechtlichen Interessen von Frau Erika Meier vertreten.', 'Erika Meier'],
    ['Ich bin die gesetzliche Betreuerin von Herrn Otto Brandt.', 'Otto Brandt'],
    ['Ich schreibe im Namen meiner Mutter, Frau Hildegard Neumann (Kundennummer 123).', 'Hildegard Neumann'],
    ['Mein Vater, Herr Gerhard Hoffmann, ist am 02.11.2026 verstorben. Als Erbin kündige ich.', 'Gerhard Hoffmann'],
    ['In Sachen Peter Lange ./. Fernmeldewerk AG vertreten wir die Interessen unseres Mandanten.', 'Peter Lange'],
    ['Unsere Mandantin, Frau Maria Gruber, hat uns beauftragt.', 'Maria Gruber'],
  ])('%s', (text, name) => {
    const found = detect(text);
    expect(found.onBehalf).toBe(true);
    const rep = found.represented?.name;
    expect([rep?.firstName, rep?.lastName].filter(Boolean).join(' ')).toBe(name);
  });

  it('flags without a name when the person is not named', () => {
    const found = detect('Ich schreibe für meinen Vater, der nicht mehr gut sieht. Eine Vollmacht liegt bei.');
    expect(found.onBehalf).toBe(true);
    expect(found.represented).toBeUndefined();
  });

  it.each([
    'Ich möchte für meine Tochter eine Zweitkarte bestellen.',
    'Meine Frau und ich sind umgezogen.',
    'Sollte sich nichts ändern, schalte ich meinen Anwalt ein.',
    'Die Verlängerung soll auch die Zweitkarte meiner Tochter umfassen.',
    'Bitte senden Sie mir die Auftragsbestätigung.',
  ])('does not flag the customer writing for themselves: %s', (text) => {
    expect(detect(text).onBehalf).toBe(false);
  });

  it('knows the law firm from the letterhead', () => {
    const found = detect('Namens unseres Mandanten kündigen wir.', ['Rechtsanwälte Berger & Kollegen', 'Kaiserstraße 10']);
    expect(found.onBehalf).toBe(true);
    expect(found.lawFirm?.text).toBe('Rechtsanwälte Berger & Kollegen');
  });
});
