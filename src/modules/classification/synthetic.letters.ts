/**
 * Synthetic German customer letters for tests and benchmarks of the classifier.
 *
 * Not trivially separable on purpose: every letter has the same frame (salutation, customer and
 * invoice numbers, dates, closing), shares filler sentences with all other classes and often contains a
 * distractor sentence that names another class's topic ("Meine Bankverbindung bleibt unverändert.").
 * Each class has several intent phrasings built from synonym slots; phrasings are split into a
 * "train" and a "heldOut" set, so a test can check generalisation to wordings never seen in training.
 * Optional OCR-like noise swaps, drops and confuses characters. Deterministic for a given seed.
 */
import { createSeededRandom, type SeededRandom } from './seeded.random.ts';

export const SYNTHETIC_LABELS = ['kuendigung', 'zaehlerstand', 'bankverbindung', 'rechnung', 'umzug', 'tarifwechsel'] as const;
export type SyntheticLabel = (typeof SYNTHETIC_LABELS)[number];

type Template = string;

/** {a|b|c} picks one alternative; $N a number, $D a date, $E an amount, $S a street. */
const INTENTS: Record<SyntheticLabel, { train: Template[]; heldOut: Template[] }> = {
  kuendigung: {
    train: [
      'hiermit {kündige ich|kündigen wir} {meinen|unseren} {Vertrag|Stromvertrag|Liefervertrag} {fristgerecht|zum nächstmöglichen Zeitpunkt|zum $D}.',
      'Bitte {bestätigen Sie|senden Sie mir} {die Kündigung|den Eingang meiner Kündigung} {schriftlich|per E-Mail} {mit dem Beendigungsdatum|}.',
      'Ich {möchte|will} {meinen Vertrag|den Gasvertrag|das Kundenkonto} {beenden|kündigen|auflösen}, da ich {zu einem anderen Anbieter wechsle|ins Ausland ziehe|unzufrieden bin}.',
    ],
    heldOut: [
      'Zum $D {beende ich|kündige ich} {das Vertragsverhältnis|die Belieferung} {außerordentlich|ordentlich}.',
      'Teilen Sie mir bitte {das Vertragsende|den Kündigungstermin} mit, {ich habe einen neuen Versorger|der Anbieterwechsel ist beauftragt}.',
    ],
  },
  zaehlerstand: {
    train: [
      '{anbei|hiermit} {übermittle ich|sende ich Ihnen} {meinen|den aktuellen} Zählerstand: $N kWh {vom $D|}.',
      'Der {Stromzähler|Zähler|Gaszähler} mit der Nummer $N {zeigt|hatte} am $D {einen Stand von|} $N {kWh|Kubikmeter}.',
      'Bitte {tragen Sie|erfassen Sie} {den abgelesenen Zählerstand|die Ablesung} {für die Jahresabrechnung|in Ihrem System} ein.',
    ],
    heldOut: [
      'Ich habe {heute|am $D} {abgelesen|den Zähler abgelesen}, der {Stand|Wert} beträgt $N.',
      'Die {Ablesekarte|Zählerkarte} {ist ausgefüllt|habe ich ausgefüllt}, {Zählerstand|Stand} $N {kWh|}.',
    ],
  },
  bankverbindung: {
    train: [
      '{meine|unsere} Bankverbindung hat sich geändert, {die neue IBAN lautet|bitte nutzen Sie ab sofort die IBAN} DE$N.',
      'Bitte {buchen Sie|ziehen Sie} {die Abschläge|den Betrag|künftig} {von meinem neuen Konto|per Lastschrift vom neuen Konto} {ab|ein}.',
      'Anbei {das SEPA-Lastschriftmandat|ein neues SEPA-Mandat} für {mein Girokonto|das Konto} bei der {Sparkasse|Volksbank|Postbank}.',
    ],
    heldOut: [
      'Ich habe {die Bank gewechselt|ein neues Konto eröffnet}, {Kontoinhaber|Inhaber} bleibt {mein Mann|meine Frau|ich}, IBAN DE$N.',
      '{Widerruf|Ändern Sie} {des alten Mandats|das Mandat}, {die Abbuchung|der Einzug} soll {über|von} {die|der} {neue|neuen} {Bankverbindung|Kontoverbindung} erfolgen.',
    ],
  },
  rechnung: {
    train: [
      '{ich widerspreche|hiermit widerspreche ich} der {Rechnung|Jahresabrechnung|Abrechnung} {vom $D|Nr. $N}, der Betrag von $E ist {zu hoch|nicht nachvollziehbar}.',
      'Die {Nachzahlung|Forderung} über $E {kann nicht stimmen|ist falsch berechnet}, {bitte prüfen Sie|ich bitte um Prüfung} {die Verbrauchswerte|die Abrechnung}.',
      'In der {Rechnung|Abrechnung} wurde {ein falscher Tarif|ein zu hoher Verbrauch|die Gutschrift nicht} berücksichtigt, {ich erwarte eine Korrektur|bitte korrigieren Sie das}.',
    ],
    heldOut: [
      '{Warum|Wieso} soll ich $E {nachzahlen|bezahlen}? {Das ist viel zu viel|Der Verbrauch ist doch gleich geblieben}.',
      'Ich {reklamiere|beanstande} {die Höhe der Forderung|den Rechnungsbetrag} und {zahle erst nach Klärung|bitte um eine neue Berechnung}.',
    ],
  },
  umzug: {
    train: [
      '{ich ziehe|wir ziehen} am $D {um|in eine neue Wohnung}, {die neue Anschrift lautet|neue Adresse}: $S.',
      'Bitte {ändern Sie|aktualisieren Sie} {meine Adresse|die Lieferanschrift|meine Anschrift} {zum $D|ab sofort} auf $S.',
      '{Wegen|Aufgrund} {meines Umzugs|des Wohnungswechsels} {soll die Belieferung|möchte ich die Versorgung} an der neuen {Adresse|Wohnung} {fortgesetzt werden|weiterlaufen}.',
    ],
    heldOut: [
      'Seit dem $D {wohne ich|wohnen wir} {in der|in} $S, {senden Sie Post bitte dorthin|bitte Post dorthin schicken}.',
      'Die {Schlüsselübergabe|Übergabe der Wohnung} {ist|war} am $D, {bitte melden Sie mich um|die Lieferstelle ändert sich}.',
    ],
  },
  tarifwechsel: {
    train: [
      '{ich möchte|wir möchten} in den {Tarif Öko Plus|günstigeren Tarif|Ökostromtarif} {wechseln|umgestellt werden}.',
      'Bitte {stellen Sie|ändern Sie} {meinen Tarif|den Vertrag} {auf den Basistarif|auf Festpreis|auf das neue Angebot} um, {gerne ab|ab} $D.',
      'Ihr {Angebot|Schreiben} {zum Tarifwechsel|mit dem neuen Preismodell} {nehme ich an|interessiert mich}, {bitte senden Sie die Unterlagen|was kostet die Kilowattstunde}.',
    ],
    heldOut: [
      'Gibt es einen {billigeren|preiswerteren} {Preis|Tarif} mit {Preisgarantie|Festpreis}? Dann {möchte ich umsteigen|steige ich um}.',
      '{Ich hätte gern|Bitte gewähren Sie mir} {das Ökostromprodukt|den Tarif mit Bonus} {statt|anstelle} {meines bisherigen Tarifs|des Grundversorgungstarifs}.',
    ],
  },
};

/** Sentences any letter may contain: the frame that makes classes share vocabulary. */
const FILLERS: Template[] = [
  'Sehr geehrte Damen und Herren,',
  'Guten Tag,',
  'Kundennummer: $N, Vertragsnummer $N.',
  'Ich bin seit {vielen Jahren|langem|$N Jahren} Kunde bei Ihnen.',
  '{Für Rückfragen|Bei Fragen} {erreichen Sie mich|bin ich} unter $N.',
  'Vielen Dank für Ihre {Bemühungen|Hilfe|schnelle Bearbeitung}.',
  'Bitte {antworten Sie|melden Sie sich} {zeitnah|schriftlich|per E-Mail}.',
  'Mit freundlichen Grüßen',
  'Beste Grüße',
  'Köln, den $D',
];

/** Sentences naming a topic without being a request about it. */
const DISTRACTORS: Record<SyntheticLabel, Template> = {
  kuendigung: 'Eine Kündigung {ist nicht geplant|kommt für mich nicht in Frage}.',
  zaehlerstand: 'Den Zählerstand {habe ich letzte Woche schon gemeldet|teile ich separat mit}.',
  bankverbindung: 'Meine Bankverbindung {bleibt unverändert|ist weiterhin gültig}.',
  rechnung: 'Die letzte Rechnung {habe ich bezahlt|war in Ordnung}.',
  umzug: 'Meine Adresse {bleibt gleich|hat sich nicht geändert}.',
  tarifwechsel: 'Mit meinem Tarif {bin ich zufrieden|möchte ich bleiben}.',
};

const STREETS = ['Hauptstraße 5, 50667 Köln', 'Goethestraße 12, 80331 München', 'Am Markt 3, 04109 Leipzig', 'Lindenweg 27, 20095 Hamburg', 'Schillerplatz 8, 70173 Stuttgart'];

function expand(template: Template, random: SeededRandom): string {
  const chosen = template.replace(/\{([^}]*)\}/g, (_match, body: string) => {
    const options = body.split('|');
    return options[random.below(options.length)] ?? '';
  });
  return chosen
    .replace(/\$N/g, () => String(1000 + random.below(99_999_000)))
    .replace(/\$D/g, () => `${1 + random.below(28)}.${1 + random.below(12)}.20${20 + random.below(6)}`)
    .replace(/\$E/g, () => `${10 + random.below(900)},${String(random.below(100)).padStart(2, '0')} €`)
    .replace(/\$S/g, () => STREETS[random.below(STREETS.length)] as string)
    .replace(/\s+([.,:?])/g, '$1')
    .replace(/\s{2,}/g, ' ');
}

/** OCR-like damage: confusions (rn↔m, e→c, i→l, ü→u), dropped and doubled letters. */
export function addOcrNoise(text: string, rate: number, random: SeededRandom): string {
  const confusions: Record<string, string> = { m: 'rn', e: 'c', i: 'l', ü: 'u', ö: 'o', ä: 'a', n: 'h', h: 'b', l: 'I', t: 'f' };
  let out = '';
  for (const char of text) {
    const roll = random.next();
    if (roll < rate && confusions[char] !== undefined) out += confusions[char];
    else if (roll < rate * 1.3) continue;
    else if (roll < rate * 1.5) out += char + char;
    else out += char;
  }
  return out;
}

export interface SyntheticLetterOptions {
  seed: number;
  perLabel: number;
  phrasings: 'train' | 'heldOut';
  /** OCR noise rate per character (0 for clean text). */
  noise?: number;
  /** Extra filler sentences per letter, to make long letters (default 3). */
  fillerSentences?: number;
}

export function generateSyntheticLetters(options: SyntheticLetterOptions): { text: string; label: SyntheticLabel }[] {
  const random = createSeededRandom(options.seed);
  const letters: { text: string; label: SyntheticLabel }[] = [];
  const fillerCount = options.fillerSentences ?? 3;
  for (let i = 0; i < options.perLabel; i++) {
    for (const label of SYNTHETIC_LABELS) {
      const templates = INTENTS[label][options.phrasings];
      const sentences: string[] = [expand(FILLERS[random.below(2)] as Template, random), expand(FILLERS[2] as Template, random)];
      const intentSentences = 1 + random.below(2);
      for (let s = 0; s < intentSentences; s++) sentences.push(expand(templates[random.below(templates.length)] as Template, random));
      for (let s = 0; s < fillerCount; s++) sentences.splice(1 + random.below(sentences.length), 0, expand(FILLERS[3 + random.below(FILLERS.length - 3)] as Template, random));
      if (random.next() < 0.5) {
        const others = SYNTHETIC_LABELS.filter((other) => other !== label);
        sentences.splice(1 + random.below(sentences.length), 0, expand(DISTRACTORS[others[random.below(others.length)] as SyntheticLabel], random));
      }
      sentences.push('Mit freundlichen Grüßen', 'Max Mustermann');
      const text = sentences.join(random.next() < 0.5 ? '\n' : ' ');
      letters.push({ text: options.noise ? addOcrNoise(text, options.noise, random) : text, label });
    }
  }
  return letters;
}
