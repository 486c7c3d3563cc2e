/**
 * Labelled fields as web forms, e-mail forms and some customers write them:
 * "Name: Hans Müller", "Vorname: Hans", "Nachname: Müller", "Firma: …",
 * "Straße: Hauptstr. 5", "PLZ/Ort: 50667 Köln", "Neue Anschrift: Lindenweg 7, 04109 Leipzig".
 */
import { candidate, type Candidate } from './candidates.ts';
import type { CompiledOwnIdentity } from './own-identity.ts';
import { repairDigits } from './ocr-repair.ts';
import { isCompanyName, parsePersonName } from './person-name.ts';
import { isPostcodeFormat, postcodeCityPlausibility } from './postcode.ts';
import { parseStreetLine } from './street.ts';
import type { PreparedDocument } from './text.document.ts';

const FIELD =
  /^\s*(neue[rs]?\s+|alte[rs]?\s+|bisherige[rs]?\s+)?(vorname|nachname|familienname|name|vor-\s?und\s+(?:zu|nach)name|kunde|kundin|(?:vertrags|anschluss)?inhaber(?:in)?|kontakt|ansprechpartner(?:in)?|(?:rechnungs|waren)?empf(?:ä|ae|a)nger(?:in)?|firma|unternehmen|stra(?:ß|ss)e(?:\s*(?:\/|und|u\.|,)\s*(?:hausnummer|hausnr\.?|nr\.?))?|str\.|anschrift|adresse|wohnanschrift|plz\s*(?:\/|,|und|u\.)?\s*(?:ort|wohnort|stadt)|postleitzahl(?:\s*(?:\/|und)\s*ort)?|plz|ort|wohnort|stadt)\s*(\((?:neu|alt)\))?\s*:\s*(.+?)\s*$/i;

export function findFormFields(doc: PreparedDocument, own: CompiledOwnIdentity): Candidate[] {
  const out: Candidate[] = [];
  let pendingPostcode: string | undefined;
  for (const line of doc.lines) {
    if (line.blank) continue;
    const m = FIELD.exec(line.text);
    if (!m) continue;
    const qualifier = `${m[1] ?? ''}${m[3] ?? ''}`.toLowerCase();
    const isNew = /neu/.test(qualifier);
    const isOld = /alt|bisher/.test(qualifier);
    const label = (m[2] as string).toLowerCase();
    const value = m[4] as string;
    const start = line.start + line.text.lastIndexOf(value);
    const end = start + value.length;
    const group = isNew ? 'form:new' : 'form';
    const conf = isOld ? 0.75 : 0.85;
    if (own.isOwnName(value)) continue;

    if (/^(?:vorname)$/.test(label)) {
      if (/^[A-ZÄÖÜ][\p{L}'-]+(?:[ -][A-ZÄÖÜ][\p{L}'-]+)?$/u.test(value)) out.push(candidate('firstName', value, value, start, end, conf, ['form_field'], { group: 'n:form' }));
      continue;
    }
    if (/^(?:nachname|familienname)$/.test(label)) {
      if (/^[A-ZÄÖÜ][\p{L}'-]+(?:[ -][\p{L}'-]+)*$/u.test(value)) out.push(candidate('lastName', value, value, start, end, conf, ['form_field'], { group: 'n:form' }));
      continue;
    }
    if (/^(?:name|kunde|kundin|vor|vertrags|anschluss|inhaber|kontakt|ansprech|rechnungs|waren|empf)/.test(label)) {
      // "Kontakt: Reinhard Pohl, Tel. 0391 4516305": the name ends before the phone or e-mail.
      const text = value.split(/\s*[,;]\s*(?=(?:tel|telefon|fon|mobil|handy|e-?mail|mail|fax)\b|\+?\d)|\s+(?=(?:tel\.|telefon:|e-?mail:))/i)[0] ?? value;
      const name = parsePersonName(text);
      if (name) {
        const c = name.initialOnly ? conf * 0.5 : conf;
        out.push(candidate('lastName', name.lastName, value, start, start + text.length, conf, ['form_field'], { group: 'n:form' }));
        if (name.firstName) out.push(candidate('firstName', name.firstName, value, start, start + text.length, c, ['form_field'], { group: 'n:form' }));
      } else if (isCompanyName(text) && !/empf/.test(label)) {
        out.push(candidate('company', text, value, start, start + text.length, 0.8, ['form_field']));
      }
      continue;
    }
    if (/^(?:firma|unternehmen)$/.test(label)) {
      out.push(candidate('company', value, value, start, end, 0.85, ['form_field']));
      continue;
    }
    const fields = isNew ? (['newStreet', 'newPostalCode', 'newCity'] as const) : (['street', 'postalCode', 'city'] as const);
    if (/^(?:stra|str\.)/.test(label)) {
      const street = parseStreetLine(value);
      if (street) out.push(candidate(fields[0], street.value, value, start, end, conf, ['form_field'], { group }));
      continue;
    }
    if (/^(?:anschrift|adresse|wohnanschrift)$/.test(label)) {
      // "Anschrift: Hauptstr. 5, 50667 Köln" — address finder sees it too; here the street part.
      const parts = value.split(/\s*,\s*/);
      const street = parts[0] ? parseStreetLine(parts[0]) : null;
      if (street) out.push(candidate(fields[0], street.value, value, start, end, conf, ['form_field'], { group }));
      const pc = /^(?:D-)?([0-9OoIl]{5})\s+(.+)$/.exec(parts[1] ?? '');
      if (pc) addPostcodeCity(out, fields, repairDigits(pc[1] as string), (pc[2] as string).trim(), value, start, end, conf, group);
      continue;
    }
    // PLZ / Ort / PLZ + Ort
    const pc = /^(?:D-)?([0-9OoIl]{5})(?:\s+(.+))?$/.exec(value);
    if (pc) {
      const code = repairDigits(pc[1] as string);
      if (pc[2]) addPostcodeCity(out, fields, code, pc[2].trim(), value, start, end, conf, group);
      else if (isPostcodeFormat(code)) {
        out.push(candidate(fields[1], code, value, start, end, conf, ['form_field'], { group }));
        pendingPostcode = code;
      }
    } else if (/^(?:ort|wohnort|stadt)$/.test(label) && /^[A-ZÄÖÜ]/.test(value)) {
      const plausibility = pendingPostcode ? postcodeCityPlausibility(pendingPostcode, value) : 0.6;
      out.push(candidate(fields[2], value, value, start, end, conf * (0.6 + 0.4 * plausibility), ['form_field'], { group }));
    }
  }
  return out;
}

function addPostcodeCity(
  out: Candidate[],
  fields: readonly [('street' | 'newStreet'), ('postalCode' | 'newPostalCode'), ('city' | 'newCity')],
  code: string,
  city: string,
  raw: string,
  start: number,
  end: number,
  conf: number,
  group: string,
): void {
  if (!isPostcodeFormat(code)) return;
  const c = conf * (0.6 + 0.4 * postcodeCityPlausibility(code, city));
  out.push(candidate(fields[1], code, raw, start, end, c, ['form_field'], { group }));
  out.push(candidate(fields[2], city.replace(/[.,;]$/, ''), raw, start, end, c, ['form_field'], { group }));
}
