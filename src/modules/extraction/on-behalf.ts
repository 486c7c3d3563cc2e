/**
 * Letters written for somebody else — a lawyer "im Namen und in Vollmacht unseres
 * Mandanten", a legal guardian ("Betreuer von Frau …"), a relative ("für meine Mutter",
 * "mein Vater ist verstorben") — and the person they are written for, when the letter
 * names them ("unser Mandant, Herr Hans Müller", "In Sachen Müller ./. Fernmeldewerk AG",
 * "für meine Mutter, Frau Erika Meier,").
 */
import type { CompiledOwnIdentity } from './own-identity.ts';
import { isLawFirm, isStopWord, parsePersonName, type PersonName } from './person-name.ts';

const RELATIVE =
  '(?:mutter|vater|mann|ehemann|ehemannes|frau|ehefrau|sohn|sohnes|tochter|oma|opa|gro(?:ß|ss)mutter|gro(?:ß|ss)vater|gro(?:ß|ss)vaters|eltern|schwiegermutter|schwiegervater|schwiegervaters|bruder|bruders|schwester|tante|onkel|onkels|nachbarin|nachbarn?|lebensgef(?:ä|ae|a)hrt(?:in|e|en)|partner(?:in|s)?|vaters|kindes)';
const ADJ = '(?:(?:verstorbenen|pflegebed(?:ü|ue|u)rftigen|kranken|dementen|betagten|alten|hochbetagten|inzwischen\\s+verstorbenen|k(?:ü|ue|u)rzlich\\s+verstorbenen)\\s+)?';

const ON_BEHALF = new RegExp(
  [
    'im\\s+namen\\s+und\\s+(?:in|im)\\s+(?:vollmacht|auftrag)',
    '\\bin\\s+vollmacht\\b',
    '(?:vorsorge|general|kontoverf(?:ü|ue|u)gungs)?vollmacht\\s+(?:liegt|ist|anbei|f(?:ü|ue|u)ge|beigef(?:ü|ue|u)gt|in\\s+kopie|versichert|wird)',
    '(?:anbei|beigef(?:ü|ue|u)gt|in\\s+der\\s+anlage|beiliegend)\\s+(?:finden\\s+sie\\s+)?(?:die|eine|meine|unsere)?\\s*(?:vorsorge|general)?vollmacht',
    'vorsorgevollmacht|generalvollmacht|betreuungsurkunde|betreuerausweis|bestallungsurkunde|betreuungsgericht',
    'bevollm(?:ä|ae|a)chtig(?:t|ung)',
    'mit\\s+der\\s+(?:interessen)?vertretung\\s+beauftragt',
    '\\bmandant(?:in|en|schaft)?\\b',
    'anwaltlich\\s+vertreten',
    'zeigen\\s+(?:wir|ich)\\s+(?:hiermit\\s+)?(?:an|die\\s+vertretung)',
    '(?:wir|ich)\\s+zeigen?\\s+(?:hiermit\\s+)?(?:an|die\\s+vertretung)',
    'interessen\\s+(?:von|des|der)\\s+(?:herrn|frau)\\s',
    'vertreten\\s+(?:wir|ich)\\s+(?:hiermit\\s+)?(?:die\\s+(?:rechtlichen\\s+)?interessen|herrn|frau)',
    '(?:gesetzliche[rn]?\\s+|rechtliche[rn]?\\s+)?betreuer(?:in)?\\s+(?:von|f(?:ü|ue|u)r|des|der)\\b',
    'als\\s+(?:gesetzliche[rn]?\\s+|rechtliche[rn]?\\s+)?betreuer(?:in)?\\b',
    '(?:rechtliche|gesetzliche)\\s+betreuung',
    `im\\s+(?:namen|auftrag)\\s+(?:mein(?:e[rsn]?)?|unser(?:e[rsn]?)?)\\s+${ADJ}${RELATIVE}\\b`,
    // "ich schreibe für meinen Vater" — but not "ich bestelle eine Karte für meine Tochter".
    `(?:schreibe|wende|melde|k(?:ü|ue|u)mmere|handle)\\s+(?:ich\\s+)?(?:mich\\s+)?(?:[a-zäöü]+\\s+){0,3}(?:f(?:ü|ue|u)r|wegen)\\s+(?:mein(?:e[rsn]?)?|unser(?:e[rsn]?)?)\\s+${ADJ}${RELATIVE}\\b`,
    `f(?:ü|ue|u)r\\s+(?:mein(?:e[rsn]?)?|unser(?:e[rsn]?)?)\\s+${ADJ}${RELATIVE}\\s*,?\\s*(?:frau|herrn?)\\s`,
    `(?:mein(?:e[rsn]?)?|unser(?:e[rsn]?)?)\\s+${ADJ}${RELATIVE}\\s+(?:ist|war)\\s+(?:am\\s+[\\d.]+\\s+(?:\\d{4}\\s+)?)?(?:leider\\s+)?(?:verstorben|gestorben|ins\\s+pflegeheim|im\\s+pflegeheim|nicht\\s+mehr\\s+in\\s+der\\s+lage)`,
    `(?:vertrag|anschluss|vertr(?:ä|ae|a)ge)\\s+(?:meine[rsn]|unsere[rsn])\\s+${ADJ}${RELATIVE}\\b`,
    'nachlass(?:verwalter|pfleger|sache)?\\b|erbengemeinschaft|\\bals\\s+erb(?:e|in)\\b|sterbeurkunde',
  ].join('|'),
  'i',
);

const NAME = "((?:(?:Herrn?|Frau|Hr\\.|Fr\\.)\\s+)?(?:(?:Dr|Prof)\\.\\s+)*(?:[A-ZÄÖÜ]\\.\\s?)?[A-ZÄÖÜ][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'-]+(?:\\s+(?:von\\s+der\\s+|von\\s+|van\\s+|de\\s+|zu\\s+)?[A-ZÄÖÜ][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'-]+){0,2})";
const REPRESENTED: RegExp[] = [
  new RegExp(`(?:unser(?:e[sr]?)?|mein(?:e[sr]?)?|ihr(?:e[sr]?)?|der|des|die|den)\\s+(?:mandant(?:in|en|schaft)?|auftraggeber(?:in|s)?|vollmachtgeber(?:in|s)?|betreute[nr]?|klient(?:in|en)?)\\s*,?\\s*${NAME}`, 'gi'),
  new RegExp(`(?:betreuer(?:in)?|bevollm(?:ä|ae|a)chtigte[r]?|vertreter(?:in)?)\\s+(?:von|f(?:ü|ue|u)r|des|der)\\s+${NAME}`, 'gi'),
  new RegExp(`(?:f(?:ü|ue|u)r|im\\s+namen|im\\s+auftrag|vertrag|anschluss)\\s+(?:mein(?:e[rsn]?)?|unser(?:e[rsn]?)?)\\s+${ADJ}${RELATIVE}\\s*,?\\s*${NAME}`, 'gi'),
  new RegExp(`(?:mein(?:e[rsn]?)?|unser(?:e[rsn]?)?)\\s+${ADJ}${RELATIVE}\\s*,?\\s*${NAME}\\s*,?\\s*(?:ist|war|geb|\\(|kundennummer|kd)`, 'gi'),
  new RegExp(`in\\s+(?:sachen|der\\s+sache|der\\s+angelegenheit)\\s+${NAME}`, 'gi'),
  new RegExp(`${NAME}\\s+(?:\\.\\/\\.|\\.\\s\\/\\s\\.|\\/\\.)\\s+`, 'g'),
  new RegExp(`vertreten\\s+(?:wir|ich)\\s+(?:hiermit\\s+)?(?:die\\s+(?:rechtlichen\\s+)?interessen\\s+(?:von|des|der)\\s+)?${NAME}`, 'gi'),
  new RegExp(`(?:kunde|kundin|vertragsinhaber(?:in)?|anschlussinhaber(?:in)?|versicherte[rn]?)\\s*:\\s*${NAME}`, 'gi'),
  new RegExp(`(?:Herrn?|Frau)\\s+${NAME}\\s*,?\\s*(?:geb(?:\\.|oren)|\\*)`, 'g'),
  new RegExp(`interessen\\s+(?:von|des|der|unseres\\s+mandanten|unserer\\s+mandantin)\\s*,?\\s+${NAME}`, 'gi'),
  new RegExp(`\\bihr(?:e|en)?\\s+kund(?:e|in|en)\\s*,?\\s+${NAME}`, 'gi'),
  // "… hat uns Frau Marlene Meier (…) mit der Interessenvertretung beauftragt", "Herr Krause hat uns beauftragt".
  new RegExp(`\\b(?:hat|haben)\\s+uns\\s+${NAME}`, 'gi'),
  new RegExp(`${NAME}\\s+(?:hat|haben)\\s+uns\\s+(?:mit\\s+|beauftragt|bevollm)`, 'g'),
];

/** A given name after the surname: ", Dieter," / ", Dieter –" / ", Dieter (" / end of line. */
const GIVEN_AFTER_COMMA = /^,\s*([A-ZÄÖÜ][\p{Ll}'-]+(?:-[A-ZÄÖÜ][\p{Ll}'-]+)?)(?=\s*(?:[,;(–-]|$)|\s*\n)/u;

/** Cheap pre-check: without one of these words no ON_BEHALF pattern can match. */
const KEYWORDS =
  /vollmacht|mandant|betreu|namen|auftrag|vertret|bevollm|verstorben|gestorben|pflegeheim|nachlass|erb|sterbe|f(?:ü|ue|u)r\s+(?:mein|unser)|in\s+der\s+lage|vertr(?:ag|(?:ä|ae|a)ge)\s+(?:mein|unser)|anschluss\s+(?:mein|unser)|bestallung|zeigen|anwaltlich/gi;

/** The full pattern, tried only in a window around each keyword (one pass over a long letter is slow). */
function mentionsOnBehalf(text: string): boolean {
  KEYWORDS.lastIndex = 0;
  for (let m = KEYWORDS.exec(text); m !== null; m = KEYWORDS.exec(text)) {
    if (ON_BEHALF.test(text.slice(Math.max(0, m.index - 90), m.index + 90))) return true;
  }
  return false;
}

export interface OnBehalfFindings {
  onBehalf: boolean;
  represented?: { name: PersonName; raw: string; start: number; end: number };
  lawFirm?: { text: string; start: number };
}

/**
 * @param senderNames names of the writer (letterhead, signature) — a match equal to one of them is the representative, not the client.
 * @param firmLines letterhead and signature lines, to recognise a law firm.
 */
export function detectOnBehalf(
  text: string,
  bodyStart: number,
  bodyEnd: number,
  senderNames: PersonName[],
  firmLines: { text: string; start: number }[],
  own: CompiledOwnIdentity,
): OnBehalfFindings {
  const body = text.slice(0, bodyEnd);
  const firm = firmLines.find((l) => isLawFirm(l.text));
  const letterBody = body.slice(bodyStart);
  const onBehalf = mentionsOnBehalf(letterBody) || (firm !== undefined && /\bmandant|\bvertreten|\bvollmacht/i.test(body));
  const result: OnBehalfFindings = { onBehalf };
  if (firm) result.lawFirm = firm;
  if (!onBehalf) return result;

  const senderLast = new Set(senderNames.map((n) => n.lastName.toLowerCase()));
  let best: OnBehalfFindings['represented'];
  for (const [index, re] of REPRESENTED.entries()) {
    const singleNameOk = index === 4 || index === 5;
    re.lastIndex = 0;
    for (let m = re.exec(body); m !== null; m = re.exec(body)) {
      // Case-insensitive keywords let lower-case words into the name: cut them off the end.
      const words = (m[1] as string).trim().split(/\s+/);
      while (words.length > 1 && /^[a-zäöü]/.test(words[words.length - 1] as string)) words.pop();
      let raw = words.join(' ');
      // "Herrn Hahn, Dieter, An der Bleiche 117": surname first, the given name after the comma.
      const end = m.index + m[0].indexOf(raw) + raw.length;
      const given = words.length <= 2 ? GIVEN_AFTER_COMMA.exec(body.slice(end, end + 40)) : null;
      if (given && !isStopWord(given[1] as string)) raw = `${raw}, ${given[1] as string}`;
      const single = singleNameOk && !/\s/.test(raw) && /^[A-ZÄÖÜ][\p{L}'-]+$/u.test(raw) && !isStopWord(raw);
      const name = single ? { lastName: raw } : parsePersonName(raw);
      if (!name || own.isOwnName(raw)) continue;
      // One word after "Frau"/"Herrn" only: a last name; a bare single word is too unsure.
      if (!name.firstName && !singleNameOk && !/^(?:Herrn?|Frau|Hr\.|Fr\.)\s/.test(raw)) continue;
      if (senderLast.has(name.lastName.toLowerCase()) && senderNames.some((s) => s.firstName === name.firstName)) continue;
      const start = m.index + m[0].indexOf(raw.split(',')[0] as string);
      const candidate = { name, raw, start, end: start + raw.length };
      // Prefer a full name, then the earliest mention.
      if (!best || (!best.name.firstName && name.firstName) || (Boolean(best.name.firstName) === Boolean(name.firstName) && start < best.start)) best = candidate;
    }
  }
  if (best) result.represented = best;
  return result;
}
