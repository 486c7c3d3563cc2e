/**
 * Person and company names as written in sender blocks and signatures:
 * "Herrn Dr. Hans Müller", "Frau Prof. Dr. Erika Meier-Schulz", "Müller, Hans",
 * "Hans und Erika Müller", "Hans-Peter von der Heide", "H. Müller", "HANS MÜLLER",
 * and companies ("Müller Bau GmbH", "Kanzlei Berger & Partner", "Bäckerei Schmitz e.K.").
 */

export interface PersonName {
  firstName?: string;
  lastName: string;
  /** The first name is only an initial ("H."). */
  initialOnly?: boolean;
  salutation?: 'Herr' | 'Frau';
}

const SALUTATION = /^(?:herrn?|hr\.|frau|fr\.|familie|fam\.|eheleute|ehepaar|mr\.?|mrs\.?|ms\.?)$/i;
const TITLE =
  /^(?:dr\.?|prof\.?|dipl\.?-?[\p{L}.]*|mag\.?|m\.?\s?a\.?|m\.?\s?sc\.?|b\.?\s?sc\.?|b\.?\s?a\.?|med\.?|jur\.?|rer\.?|nat\.?|phil\.?|oec\.?|h\.?\s?c\.?|ing\.?|ra|rain|rechtsanwalt|rechtsanw(?:ä|ae|a)ltin|notar|notarin|stb|wp|mba|ll\.?m\.?|em\.?|priv\.?-?doz\.?)$/iu;
const PARTICLE = /^(?:von|van|de|der|den|zu|vom|zum|zur|ten|ter|da|di|del|della|la|le|du|dos|das|op|af|bin|el|al)$/;
const NAME_TOKEN = /^(?:\p{Lu}[\p{Ll}']+|\p{Lu}{2,}|Mc\p{Lu}\p{Ll}+|O'\p{Lu}\p{Ll}+)(?:-(?:\p{Lu}[\p{Ll}']+|\p{Lu}{2,}))*$/u;
const INITIAL = /^\p{Lu}\.(?:-?\p{Lu}\.)?$/u;
/** "Erika Schulz geb. Müller", "verw. Meier": the birth name is not the name. */
const BIRTH_NAME = /\s+(?:geb\.|geborene?|verw\.|verwitwete?)\s+\p{Lu}[\p{L}'-]+$/u;
const AND = /^(?:und|u\.|&|\+)$/i;

/** Words that start lines of letters but are never names. */
const STOP_WORDS = new Set(
  (
    'kundenservice kundennummer kunde kundin kunden vertrag vertrags vertragsnummer sehr geehrte geehrter damen herren hallo mit freundlichen freundliche grüßen grüssen grussen gruß gruss grüße grüsse ' +
    'telefon tel fax mobil handy email mail internet straße strasse postfach deutschland germany betreff betr kündigung kuendigung rechnung widerspruch beschwerde anlage anlagen seite datum absender ' +
    'empfänger team abteilung service ihre ihr ihren mein meine unser unsere bitte danke vielen dank liebe lieber viele beste herzliche herzlichen hochachtungsvoll ' +
    'januar februar märz april mai juni juli august september oktober november dezember montag dienstag mittwoch donnerstag freitag samstag sonntag ' +
    'dsl tarif tarifwechsel vertragsverlängerung umzug adressänderung bankverbindung iban rufnummer rufnummernmitnahme portierung auftrag mahnung zahlung ' +
    'guten tag morgen abend antwort frage anfrage information hinweis bestätigung kopie original nachricht gesendet von an cc betreff postanschrift anschrift adresse ' +
    'der die das und oder nicht keine kein hiermit ich wir sie es er unterschrift gez gezeichnet ps stadt gemeinde zentrale verwaltung buchhaltung ' +
    'glasfaser mobilfunk festnetz router kabel netz störung technik rückruf sofort dringend wichtig per einschreiben eilt persönlich vertraulich ' +
    'in sachen sache angelegenheit gegen wegen bzgl betrifft bezüglich ' +
    'kanzlei rechtsanwalt rechtsanwälte rechtsanwältin mandant mandantin betreuer betreuerin vollmacht im namen auftrag i.a. i.v. ppa ' +
    'euer eure dein deine tschüss tschüs ciao servus bye cheers anbei nachtrag vorab gruss grüsse'
  ).split(/\s+/),
);

const COMPANY =
  /\b(?:GmbH|AG|KG|OHG|UG|KGaA|GbR|mbH|SE|eG|Ltd|Inc|LLC|PartG|PartGmbB|mbB)\b|\be\.\s?[KV]\.|\bCo\.\s?KG\b|&\s?(?:Partner|Söhne|Sohn|Co\.?|Kollegen)\b|\b(?:Rechtsanw(?:ä|ae|a)lte|Rechtsanwaltskanzlei|Anwaltskanzlei|Kanzlei|Anwaltsb(?:ü|ue|u)ro|Hausverwaltung|Immobilien|Steuerberatung|Steuerberatungsgesellschaft|Apotheke|B(?:ä|ae|a)ckerei|Metzgerei|Friseursalon|Autohaus|Gastst(?:ä|ae|a)tte|Restaurant|Hotel|Betreuungsverein|Pflegedienst|Pflegeheim|Seniorenheim|Seniorenresidenz|Caritas|Diakonie|Stadtverwaltung|Landratsamt|Ingenieurb(?:ü|ue|u)ro|Architekturb(?:ü|ue|u)ro|Handels|Dienstleistungen|Stiftung|Verein|Gesellschaft|Werkstatt|Genossenschaft|Partnerschaft|Holding|Gruppe|Zahnarztpraxis|Arztpraxis|Praxis)\b/u;
const LAW_FIRM = /rechtsanw(?:ä|ae|a)lt|anwaltskanzlei|\bkanzlei\b|anw(?:ä|ae|a)lte|anwaltsb(?:ü|ue|u)ro|fachanw(?:ä|ae|a)lt|partg\s?mbb|\bnotar/i;

/**
 * Trades and businesses without a legal form: "Vogt Versicherungsbüro", "Müller Malerbetrieb",
 * "Schreinerei Holz", "Kaya Haustechnik", "Elektro Schulz". Compounds need a word before the
 * suffix, so surnames like "Dienst" or "Markt" stay names.
 */
const BUSINESS_WORD = new RegExp(
  `(?<![\\p{L}])(?:\\p{L}{2,}(?:b(?:ü|ue|u)ro|betrieb|technik|service|services|handel|werkstatt|werkst(?:ä|ae|a)tten|agentur|studio|zentrum|center|verlag|erei|vertrieb|verwaltung|beratung|dienst|dienste|versand|reinigung|therapie|kosmetik|optik|versicherungen|versicherung|logistik|transporte|montage|gastronomie|moden|mode|salon|zahnarzt|arztpraxis|praxis|kanzlei|m(?:ö|oe|o)bel|getr(?:ä|ae|a)nke)|(?:garten|landschafts|hoch|tief|holz|metall|stahl|messe|maschinen|anlagen|fahrzeug|ger(?:ü|ue|u)st|trocken|innen|dach|fenster|treppen|wohn|haus)bau|bau|elektro|sanit(?:ä|ae|a)r|heizung|transporte|logistik|consulting|design|versicherungen|reisen|kosmetik|optik|fahrschule|catering|software|solutions|services|systems|immobilien)(?![\\p{L}])`,
  'iu',
);

export function isCompanyName(text: string): boolean {
  return COMPANY.test(text) || (BUSINESS_WORD.test(text) && looksLikeNameLine(text));
}

/** A short line of capitalised words (a firm's name), not a sentence that happens to contain "…agentur". */
function looksLikeNameLine(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length > 6 || text.length > 60 || /[.!?]$/.test(text.trim())) return false;
  return words.filter((w) => /^\p{Ll}/u.test(w) && !/^(?:und|für|fuer|am|an|der|die|das|des|von|vom|zum|zur|im|in|&)$/.test(w)).length === 0;
}

export function isLawFirm(text: string): boolean {
  return LAW_FIRM.test(text);
}

/** "MÜLLER" → "Müller", "HANS-PETER" → "Hans-Peter"; mixed case stays as written. */
function titleCase(token: string): string {
  if (token !== token.toUpperCase() || token.length < 2) return token;
  return token
    .toLowerCase()
    .split('-')
    .map((part) => (part.charAt(0).toUpperCase() + part.slice(1)))
    .join('-');
}

/** A word that starts lines of letters but is never a name ("Kundenservice", "Widerspruch", "Betreff"). */
export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token.toLowerCase().replace(/[.,:;]$/, ''));
}

/** One capitalised word that can be a given name ("Siegfried", "Hans-Peter"), not a word that starts letter lines. */
export function isLoneNameToken(text: string): boolean {
  const t = text.replace(/[\s.,!]+$/, '');
  return t.length >= 3 && t.length <= 20 && /^\p{Lu}[\p{Ll}']+(?:-\p{Lu}[\p{Ll}']+)?$/u.test(t) && !isStopWord(t) && !SALUTATION.test(t) && !TITLE.test(t) && !isCompanyName(t);
}

/** Parses a person's name from a line, or null when the line is not (just) a name. */
export function parsePersonName(input: string): PersonName | null {
  const text = input
    .replace(/^\s*(?:absender|von|from|name|kunde|kundin|inhaber(?:in)?|vertragsinhaber(?:in)?|anschlussinhaber(?:in)?)\s*:\s*/i, '')
    .replace(/^\s*(?:z\.\s?hd\.?|zu\s+h(?:ä|ae|a)nden|attn\.?)\s*(?:von\s+)?/i, '')
    // OCR junk after a signature ("Björn Kuch:-") and an initial glued to the name ("F.Böttcher").
    .replace(/[\s:;,_'"»«*~!-]+$/, '')
    .replace(/(?<![\p{L}])(\p{Lu}\.)(?=\p{Lu}\p{Ll})/gu, '$1 ')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(BIRTH_NAME, '')
    .trim();
  if (text.length < 3 || text.length > 60 || /\d|@|:/.test(text)) return null;
  let salutation: PersonName['salutation'];

  // "Müller, Hans" (also "Müller, Dr. Hans"); "Hans Müller, Geschäftsführer" keeps the part before the comma.
  const comma = /^([^,]+),\s*([^,]+)$/.exec(text);
  if (comma) {
    const left = (comma[1] as string).trim();
    const right = (comma[2] as string).trim();
    // "Mehr Datenvolumen, bitte": a sentence, not "Name, Vorname".
    if (/^\p{Ll}{3,}[.!]?$/u.test(right) && !PARTICLE.test(right)) return null;
    // "Herrn Dr. Hahn, Dieter": the form of address and titles stay in front.
    const leading = left.split(/\s+/).filter((w) => SALUTATION.test(w) || TITLE.test(w));
    const core = left.split(/\s+/).filter((w) => !SALUTATION.test(w) && !TITLE.test(w));
    const leftWords = core.filter((w) => !PARTICLE.test(w));
    return leftWords.length === 1 ? parsePersonName([...leading, right, ...core].join(' ')) : parsePersonName(left);
  }

  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  const kept: string[] = [];
  let addressed = false;
  for (const raw of tokens) {
    const token = raw.replace(/[,;]$/, '');
    if (SALUTATION.test(token)) {
      addressed = true;
      const lower = token.toLowerCase();
      if (lower.startsWith('h') || lower.startsWith('mr')) salutation = 'Herr';
      else if (lower.startsWith('fr') || lower.startsWith('mrs') || lower.startsWith('ms')) salutation = 'Frau';
      if (kept.length > 0) return null;
      continue;
    }
    if (TITLE.test(token)) continue;
    kept.push(token);
  }
  // "Hans und Erika Müller": the first person's first name, the shared last name.
  const andAt = kept.findIndex((t) => AND.test(t));
  let words = kept;
  if (andAt > 0) {
    const after = kept.slice(andAt + 1).filter((t) => !TITLE.test(t) && !SALUTATION.test(t));
    words = [...kept.slice(0, andAt), ...(after.length >= 2 ? [after[after.length - 1] as string] : after.slice(-1))];
    if (andAt === kept.length - 1) return null;
  }
  if (words.length === 0 || words.length > 5) return null;
  if (words.some((w) => !PARTICLE.test(w) && isStopWord(w))) return null;
  for (const w of words) if (!(NAME_TOKEN.test(w) || INITIAL.test(w) || PARTICLE.test(w))) return null;

  // Last name: the last word plus any particles before it ("von der Heide").
  let lastStart = words.length - 1;
  while (lastStart > 0 && PARTICLE.test(words[lastStart - 1] as string)) lastStart -= 1;
  const lastWords = words.slice(lastStart);
  const firstWords = words.slice(0, lastStart);
  const lastToken = lastWords[lastWords.length - 1] as string;
  if (INITIAL.test(lastToken) || PARTICLE.test(lastToken)) return null;
  const lastName = lastWords.map(titleCase).join(' ');
  if (firstWords.length === 0) {
    // "Frau Schmidt", "Familie Özdemir": a last name alone only after a form of address.
    if (!addressed) return null;
    return salutation ? { lastName, salutation } : { lastName };
  }
  if (firstWords.some((w) => PARTICLE.test(w))) return null;
  const initialOnly = firstWords.every((w) => INITIAL.test(w));
  const result: PersonName = { firstName: firstWords.map(titleCase).join(' '), lastName };
  if (initialOnly) result.initialOnly = true;
  if (salutation) result.salutation = salutation;
  return result;
}
