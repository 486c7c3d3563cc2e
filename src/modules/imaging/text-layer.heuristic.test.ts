import { describe, expect, it } from 'vitest';
import { assessTextLayer, isRealTextLayer } from './text-layer.heuristic.ts';

const letter = `Stadtwerke Musterstadt GmbH                                   Köln, 12.03.2024
Kundenservice
Postfach 10 20 30

Kündigung meines Stromvertrags, Kundennummer 4711-0815

Sehr geehrte Damen und Herren,

hiermit kündige ich meinen Vertrag fristgerecht zum nächstmöglichen Termin.
Bitte bestätigen Sie mir den Eingang dieser Kündigung schriftlich.

Mit freundlichen Grüßen
Jürgen Müller`;

describe('assessTextLayer', () => {
  it('accepts a born-digital letter', () => {
    const result = assessTextLayer(letter);
    expect(result.reason).toBe('real text');
    expect(result.isRealText).toBe(true);
    expect(result.wordShare).toBeGreaterThan(0.6);
  });

  it('accepts an invoice with many numbers as long as words dominate enough', () => {
    const invoice = `Rechnung Nr. 2024-0042 vom 14.03.2024
Position   Beschreibung                     Menge   Preis
1          Grundgebühr Strom März            1      12,50 €
2          Arbeitspreis Strom März         231      71,61 €
3          Messstellenbetrieb                1       5,84 €
Summe netto                                          89,95 €
Bitte überweisen Sie den Betrag innerhalb von vierzehn Tagen auf das unten genannte Konto.`;
    expect(isRealTextLayer(invoice)).toBe(true);
  });

  it('rejects empty text, a page number and a one-line scanner stamp', () => {
    expect(isRealTextLayer('')).toBe(false);
    expect(isRealTextLayer('   \n\f  ')).toBe(false);
    expect(isRealTextLayer('Seite 2 von 3')).toBe(false);
    expect(isRealTextLayer('Scanned with Kodak i2600 at 300 dpi on 12.03.2024 10:14:33 by mailroom-3')).toBe(false);
    const longStamp = assessTextLayer(
      'Eingescannt am 12.03.2024 um 10:14 Uhr von der Poststelle mit dem Dokumentenscanner Kodak i2600 im Stapel 000123 der Abteilung Kundenservice Nord',
    );
    expect(longStamp.isRealText).toBe(false);
    expect(longStamp.reason).toMatch(/lines/);
  });

  it('rejects glyph garbage from fonts without a Unicode mapping', () => {
    const privateUse = Array.from({ length: 20 }, () => '\uE001\uE002\uE003\uE004 \uE010\uE011\uE012').join('\n');
    expect(isRealTextLayer(privateUse)).toBe(false);
    const symbols = Array.from({ length: 15 }, () => '#$%& ()*+ ,-./ 0123 :;<= >?@[ \\]^_ {|}~').join('\n');
    expect(isRealTextLayer(symbols)).toBe(false);
    // Shifted glyph codes: letters, but no natural vowel distribution.
    const shifted = Array.from({ length: 10 }, () => 'Tfis hffisuf Ebnfo voe Ifssfo ijfsnju lvfoejhf jdi nfjofo Wfsusbh').join('\n');
    // Replacement characters from broken extraction.
    const replaced = Array.from({ length: 10 }, () => 'Sehr g\uFFFDehrte D\uFFFDmen \uFFFDnd H\uFFFDrren hierm\uFFFDt k\uFFFDndige ich').join('\n');
    expect(isRealTextLayer(replaced)).toBe(false);
    const shiftedResult = assessTextLayer(shifted);
    expect(shiftedResult.isRealText).toBe(false);
    expect(shiftedResult.reason).toMatch(/function word/);
  });

  it('accepts English and French letters, too', () => {
    const english = Array.from({ length: 3 }, () => 'Dear Sir or Madam,\nI hereby cancel my contract with the customer number 4711 as of the next possible date.\nPlease confirm the receipt of this letter in writing.').join('\n\n');
    expect(isRealTextLayer(english)).toBe(true);
    const french = Array.from({ length: 3 }, () => 'Madame, Monsieur,\nje vous prie de bien vouloir résilier mon contrat pour la fin du mois.\nMerci de me confirmer la réception de cette lettre et la date de fin.').join('\n\n');
    expect(isRealTextLayer(french)).toBe(true);
  });

  it('rejects consonant soup from a broken encoding', () => {
    const soup = Array.from({ length: 12 }, () => 'Bdfghj klmnp qrstv wxz bcdfg hjklm npqrs tvwxz cdfgh jklmn pqrst').join('\n');
    const result = assessTextLayer(soup);
    expect(result.isRealText).toBe(false);
    expect(result.reason).toMatch(/vowel/);
  });
});
