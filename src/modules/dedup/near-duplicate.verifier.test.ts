import { describe, expect, it } from 'vitest';
import { editDistance, identityConflicts } from './identity.agreement.ts';
import { verifyNearDuplicate } from './near-duplicate.verifier.ts';

/** A contract change form as a provider sends it out: identical text apart from the customer's data. */
function form(customer: { name: string; street: string; city: string; customerNumber: string; meter: string }): string {
  return `Stadtwerke Rheinland GmbH · Postfach 10 04 55 · 50444 Köln
${customer.name}
${customer.street}
${customer.city}

Auftrag zur Tarifumstellung
Kundennummer: ${customer.customerNumber}    Zählernummer: ${customer.meter}

Hiermit beauftrage ich die Umstellung meines Stromliefervertrags auf den Tarif RheinStrom Öko 24.
Die Umstellung erfolgt zum nächsten Ablesetermin. Der neue Tarif hat eine Erstlaufzeit von zwölf Monaten
und verlängert sich danach um jeweils einen Monat, wenn er nicht mit einer Frist von einem Monat gekündigt wird.
Der Abschlag wird auf Grundlage des bisherigen Verbrauchs neu berechnet und Ihnen schriftlich mitgeteilt.
Mir ist bekannt, dass ich diesen Auftrag innerhalb von vierzehn Tagen ohne Angabe von Gründen widerrufen kann.
Die Widerrufsbelehrung und die Allgemeinen Geschäftsbedingungen habe ich erhalten und zur Kenntnis genommen.

Ort, Datum                      Unterschrift Kunde`;
}

const mueller = { name: 'Hans Müller', street: 'Hauptstraße 5', city: '50667 Köln', customerNumber: '4711081500', meter: '1ESY1160512345' };
const yilmaz = { name: 'Aylin Yılmaz', street: 'Bergstraße 17', city: '53111 Bonn', customerNumber: '4711093322', meter: '1ESY1160598761' };

describe('near-duplicate verification', () => {
  it('links the same letter with OCR noise and a fax header', () => {
    const original = form(mueller);
    const faxed = `07.12.2026 10:32  +49 221 98765432  Mueller  S. 1/1\n${original.replace('Umstellung', 'Umste1lung').replace('Monaten', 'Monaien').replace('Grundlage', 'Grund-\nlage')}`;
    const verdict = verifyNearDuplicate({ text: original, fields: { customerNumber: '4711081500', lastName: 'Müller' } }, { text: faxed, fields: { customerNumber: '4711081500', lastName: 'Mueller' } });
    expect(verdict.duplicate).toBe(true);
    expect(verdict.jaccard).toBeGreaterThan(0.8);
  });

  it('does not link the same form filled in by another customer', () => {
    const verdict = verifyNearDuplicate({ text: form(mueller), fields: { customerNumber: '4711081500', lastName: 'Müller' } }, { text: form(yilmaz), fields: { customerNumber: '4711093322', lastName: 'Yılmaz' } });
    // Most of the text is the template ...
    expect(verdict.jaccard).toBeGreaterThan(0.7);
    // ... but who it is from disagrees.
    expect(verdict.duplicate).toBe(false);
    expect(verdict.conflicts.length).toBeGreaterThan(0);
  });

  it('does not link the same form of another customer even when no fields were recognised', () => {
    const verdict = verifyNearDuplicate({ text: form(mueller), fields: {} }, { text: form(yilmaz), fields: {} });
    expect(verdict.duplicate).toBe(false);
    expect(verdict.conflicts.some((conflict) => conflict.startsWith('numbers'))).toBe(true);
  });

  it('does not link a follow-up letter of the same customer', () => {
    const first = `Hans Müller\nHauptstraße 5\n50667 Köln\n\nKundennummer 4711081500\n\nWiderspruch gegen die Jahresabrechnung\n\nSehr geehrte Damen und Herren,\nich widerspreche der Jahresabrechnung vom 14.11.2026, da der abgelesene Zählerstand nicht stimmt. Der Zähler zeigte am Ablesetag 48213 kWh, berechnet wurden 51002 kWh. Ein Foto des Zählers lege ich bei. Bitte korrigieren Sie die Abrechnung und erstatten Sie den zu viel berechneten Betrag.\n\nMit freundlichen Grüßen\nHans Müller`;
    const followUp = `Hans Müller\nHauptstraße 5\n50667 Köln\n\nKundennummer 4711081500\n\nErinnerung: Widerspruch gegen die Jahresabrechnung\n\nSehr geehrte Damen und Herren,\nauf meinen Widerspruch vom 20.11.2026 habe ich bis heute keine Antwort erhalten. Inzwischen wurde der erhöhte Abschlag trotzdem abgebucht. Ich fordere Sie auf, die Lastschrift zurückzunehmen und mir bis Monatsende eine korrigierte Rechnung zu schicken, sonst wende ich mich an die Schlichtungsstelle.\n\nMit freundlichen Grüßen\nHans Müller`;
    const verdict = verifyNearDuplicate({ text: first, fields: { customerNumber: '4711081500' } }, { text: followUp, fields: { customerNumber: '4711081500' } });
    expect(verdict.duplicate).toBe(false);
    expect(verdict.jaccard).toBeLessThan(0.3);
  });

  it('too short texts are never duplicates', () => {
    expect(verifyNearDuplicate({ text: 'Anlage: Zählerfoto', fields: {} }, { text: 'Anlage: Zählerfoto', fields: {} }).duplicate).toBe(false);
  });
});

describe('identity agreement', () => {
  it('tolerates one OCR slip in a number or a name', () => {
    expect(identityConflicts({ text: 'Kundennummer 4711081500', fields: { lastName: 'Müller' } }, { text: 'Kundennummer 4711O815OO 471108150O', fields: { lastName: 'Mueller' } })).toEqual([]);
    expect(editDistance('4711081500', '4711081560')).toBe(1);
  });

  it('garbled digit runs of a poor fax do not overrule identifiers that agree', () => {
    const fax = { text: 'Von: 155583410 An: 0800330 S 1\nKundennummer 4711081500\nRechnung vom 1220222026', fields: { customerNumber: '4711081500', lastName: 'Müller' } };
    const post = { text: 'Kundennummer 4711081500\nRechnung vom 12.02.2026 Tel. 0221 5559250', fields: { customerNumber: '4711081500', lastName: 'Müller' } };
    expect(identityConflicts(fax, post)).toEqual([]);
    // Without identifier fields the digit runs are all there is to go by.
    expect(identityConflicts({ ...fax, fields: {} }, { ...post, fields: {} }).length).toBeGreaterThan(0);
  });

  it('a number on one side only is no conflict', () => {
    expect(identityConflicts({ text: 'Zählernummer 1160512345 Kundennummer 4711081500', fields: {} }, { text: 'Kundennummer 4711081500', fields: {} })).toEqual([]);
  });

  it('different customer numbers conflict', () => {
    expect(identityConflicts({ text: 'x', fields: { customerNumber: '4711081500' } }, { text: 'y', fields: { customerNumber: '4711093322' } })).toEqual(['customerNumber']);
  });
});
