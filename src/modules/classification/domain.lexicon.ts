/**
 * Hand-written domain lexicons: concepts as word stems and short phrases, matched on the normalised text
 * (lower case, umlauts folded: "kündigen" → "kuendigen", punctuation gone, numbers as `#numN`).
 *
 * Why: n-grams learned from a few hundred phrasings memorise those phrasings; a letter written by someone
 * else uses other sentences but the same domain words — "Rufnummernmitnahme", "Bankverbindung", "Laufzeit".
 * A concept feature fires for all spellings and compounds of its stems, so what the model learns about one
 * wording carries over to another. The stems are written from knowledge of the domain (a German telecom's
 * incoming mail), not copied from any training or evaluation phrasing.
 *
 * A lexicon is selected by name in the feature configuration (`FeatureConfig.lexicon`), which is stored in
 * the model file, so prediction always uses the lexicon the model was trained with. A generic model (any label
 * set via `classifier train`) uses none.
 */

export interface LexiconConcept {
  /** Stable name: hashed into the feature bucket, so renaming a concept invalidates trained models. */
  name: string;
  /** Matched against ` <normalised text> ` (leading and trailing space), all occurrences counted. */
  pattern: RegExp;
}

/** `u?e` for a folded umlaut that OCR or a customer may have written without the e. */
const stems = (...parts: string[]): RegExp => new RegExp(parts.join('|'), 'g');

/** Request types of a German telecom's customer mail. */
const TELECOM_REQUESTS_DE: readonly LexiconConcept[] = [
  { name: 'cancel', pattern: stems('ku?e?ndig', 'beend', 'widerruf', 'aufloes', 'aufzuloes', 'storn', 'vertragsende zum', 'nicht mehr (?:nutz|benoetig|brauch)', 'sonderkuendig') },
  { name: 'cancel_confirm', pattern: stems('kuendigungsbestaetigung', 'bestaetig\\w* (?:sie )?(?:mir )?(?:die |den )?(?:kuendigung|vertragsende|beendigung)') },
  { name: 'move', pattern: stems('umzug', 'umzieh', 'umgezogen', 'zieh\\w*(?: \\w+){0,4} um ', 'verzogen', 'neue\\w* (?:anschrift|adresse|wohnung|wohnort)', 'adressaenderung', 'anschriftaenderung', 'wohnsitz', 'wohnhaft', 'meldeadresse') },
  { name: 'personal_data', pattern: stems('namensaenderung', 'nachname', 'geheiratet', 'heirat', 'e ?mail ?adresse', 'kontaktdaten', 'telefonnummer (?:hat sich|geaendert)', 'geburtsdatum', 'stammdaten', 'persoenlichen daten', 'schreibweise') },
  { name: 'data_change', pattern: stems('aender', 'aktualis', 'korrigier', 'berichtig', 'geaendert', 'anpass') },
  { name: 'bank', pattern: stems('iban', 'bic ', 'bankverbindung', 'kontoverbindung', 'bankkonto', 'girokonto', 'konto', 'lastschrift', 'sepa', 'mandat', 'abbuch', 'einzug', 'einzieh', 'eingezogen', 'kreditinstitut', 'sparkasse', 'volksbank', 'kontoinhaber', ' bank') },
  { name: 'porting', pattern: stems('portier', 'rufnummernmitnahme', 'mitnahme', 'mitnehm', 'mitgenommen', 'mitzunehm', '(?:nummer|rufnummer|handynummer|festnetznummer)\\w*(?: \\w+){0,4} (?:behalt|mitnehm|uebernehm|uebertrag)', 'anbieterwechsel', 'abgebend', 'aufnehmend', 'neuen anbieter', 'neuer anbieter', 'zum anbieter', 'wechsle zu', 'wechseln zu') },
  { name: 'phone_number', pattern: stems('rufnummer', 'handynummer', 'festnetznummer', 'mobilnummer', 'telefonnummer', ' nummer ') },
  { name: 'renew', pattern: stems('verlaenger', 'laufzeit', 'vertragsende', 'auslauf', 'laeuft\\w*(?: \\w+){0,3} aus', 'weiterfuehr', 'weiterlauf', 'fortfuehr', 'fortsetz', 'treue', 'bestandskund', 'bleibe\\w* (?:bei|kunde)', 'weiterhin kunde', ' vvl ', 'neues (?:handy|smartphone|geraet)', '#num2 monate') },
  { name: 'tariff', pattern: stems('tarif', 'upgrade', 'downgrade', 'datenvolumen', ' gb ', 'flat', 'umstell', 'umgestellt', 'hochstuf', 'herabstuf', 'zubuch', 'option', 'paket', 'mbit', 'bandbreite', 'geschwindigkeit', 'schneller', 'guenstiger', 'wechsel') },
  { name: 'invoice', pattern: stems('rechnung', 'abrechnung', 'gutschrift', 'zu viel', 'zuviel', 'berechnet', 'erstatt', 'zurueckzahl', 'zurueckbuch', 'betrag', ' eur ', 'gebuehr', 'kosten', 'posten', 'doppelt', 'mahnung', 'forderung') },
  { name: 'complaint', pattern: stems('reklam', 'beanstand', 'einspruch', 'widersprech', 'widerspruch', 'falsch', 'fehler', 'nicht nachvollzieh', 'unberechtigt', 'ungerechtfertigt', 'nicht korrekt', 'nicht richtig', 'aergerlich', 'frechheit', 'unverschaemt') },
  { name: 'documents', pattern: stems('auftrag', 'unterschrift', 'unterschrieben', 'unterzeichn', 'formular', 'anlage', 'anbei', 'beigefuegt', 'beiliegend', 'ausgefuellt', 'unterlagen', 'kopie', 'vollmacht', 'nachweis', 'bescheinigung', 'dokument', 'zurueck(?:gesendet|senden|schicken)', 'fuer ihre akten', 'zu ihren akten', 'vertragsunterlagen', 'bestaetigung') },
  { name: 'question', pattern: stems('frage', 'wissen', 'erkundig', 'auskunft', 'informationen', 'informieren', 'erklaeren', 'erlaeutern', 'mitteilen ob', 'moeglich', 'koennen sie mir', 'wie lange', 'wie viel', 'was kostet', 'was passiert', 'welche', ' ob ', ' wie ', ' wann ', ' warum ') },
  { name: 'hypothetical', pattern: stems('bevor ich', 'falls', ' wenn ich', 'wuerde', 'haette', 'ueberleg', 'eventuell', 'unter umstaenden', 'theoretisch') },
  { name: 'not_for_us', pattern: stems('werbung', 'bewerbung', 'bewerbe', 'lebenslauf', 'irrlaeufer', 'falsch zugestellt', 'nicht (?:fuer|an) (?:sie|euch|ihr)', 'versehentlich', 'newsletter', 'gewinnspiel', 'spende', 'einladung', 'sponsoring', 'kooperation', 'praktikum', 'ausbildung', 'stellenanzeige', 'angebot fuer ihr unternehmen', 'falsche adresse', 'falschen empfaenger') },
  { name: 'negation', pattern: stems(' nicht ', ' kein', ' nie ', ' weder ') },
];

const LEXICONS: Readonly<Record<string, readonly LexiconConcept[]>> = {
  'telecom-requests-de': TELECOM_REQUESTS_DE,
};

export const LEXICON_NAMES = Object.keys(LEXICONS);

export function lexiconConcepts(name: string): readonly LexiconConcept[] {
  const concepts = LEXICONS[name];
  if (!concepts) throw new Error(`unknown feature lexicon "${name}" (known: ${LEXICON_NAMES.join(', ')})`);
  return concepts;
}

/** Occurrences of each concept in a normalised text (order of `concepts`). */
export function countConcepts(concepts: readonly LexiconConcept[], normalised: string, out: Int32Array): void {
  const padded = ` ${normalised} `;
  for (let c = 0; c < concepts.length; c++) {
    const pattern = (concepts[c] as LexiconConcept).pattern;
    pattern.lastIndex = 0;
    let count = 0;
    while (pattern.exec(padded) !== null) count += 1;
    out[c] = count;
  }
}
