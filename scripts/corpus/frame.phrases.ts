/**
 * The class-neutral frame around a core: salutations, closings, fillers, preambles of elderly writers, angry
 * asides, business and lawyer openings, recipient blocks. Sentences that could carry style cues are split into
 * the two pools like the cores; formulae everybody uses (salutations, closings) are shared.
 */
import { EXTRA_TRAIN_FRAME } from './frame.extra.ts';
import type { Pool, Register } from './taxonomy.ts';

export const SALUTATIONS: Record<Register, readonly string[]> = {
  formal: ['Sehr geehrte Damen und Herren,', 'Sehr geehrte Damen und Herren,', 'Sehr geehrtes Kundenservice-Team,', 'Sehr geehrte Damen und Herren der {firm},', 'Guten Tag,'],
  informal: ['Hallo,', 'Hallo zusammen,', 'Hi,', 'Liebes {firm}-Team,', 'Hallo liebes Service-Team,', 'Moin,', 'Servus,', 'Grüß Gott,', 'Guten Tag,'],
  angry: ['Sehr geehrte Damen und Herren,', 'An die Geschäftsleitung,', 'Guten Tag,', ''],
  terse: ['', '', 'Guten Tag,', 'Sehr geehrte Damen und Herren,'],
  elderly: ['Sehr geehrte Damen und Herren,', 'Werte Damen und Herren,', 'Sehr verehrte Damen und Herren,', 'Liebe Mitarbeiter der {firm},'],
  business: ['Sehr geehrte Damen und Herren,', 'Sehr geehrte Damen und Herren,', 'Guten Tag,', 'Sehr geehrtes Geschäftskunden-Team,'],
  email: ['Hallo,', 'Guten Tag,', 'Sehr geehrte Damen und Herren,', 'Hallo {firm},', ''],
  lawyer: ['Sehr geehrte Damen und Herren,'],
  form: [''],
};

export const CLOSINGS: Record<Register, readonly string[]> = {
  formal: ['Mit freundlichen Grüßen', 'Mit freundlichen Grüßen', 'Freundliche Grüße', 'Mit besten Grüßen', 'Hochachtungsvoll'],
  informal: ['Viele Grüße', 'Liebe Grüße', 'LG', 'Beste Grüße', 'Danke und Gruß', 'Schöne Grüße', 'Tschüss'],
  angry: ['Mit verärgerten Grüßen', 'Hochachtungsvoll', 'Mit freundlichen Grüßen', 'Ohne Gruß', 'In Erwartung Ihrer Antwort'],
  terse: ['MfG', 'Gruß', 'Mit freundlichen Grüßen', ''],
  elderly: ['Mit freundlichen Grüßen', 'Hochachtungsvoll', 'Es grüßt Sie freundlich', 'Mit herzlichen Grüßen und vielen Dank'],
  business: ['Mit freundlichen Grüßen', 'Freundliche Grüße', 'Mit freundlichen Grüßen'],
  email: ['Viele Grüße', 'VG', 'Beste Grüße', 'Gruß', 'Mit freundlichen Grüßen', 'MfG'],
  lawyer: ['Mit freundlichen Grüßen', 'Mit kollegialen Grüßen'],
  form: [''],
};

/** Frame register of a letter whose core has register r (candidates, repeated for weight). */
export const FRAME_OF: Record<Register, readonly Register[]> = {
  formal: ['formal', 'formal', 'formal', 'formal', 'email', 'email', 'elderly'],
  informal: ['informal', 'informal', 'email'],
  angry: ['angry', 'angry', 'angry', 'email'],
  terse: ['terse', 'terse', 'email'],
  elderly: ['elderly'],
  business: ['business', 'business', 'business', 'email'],
  email: ['email'],
  lawyer: ['lawyer'],
  form: ['form'],
};

export const RECIPIENT_BLOCKS: readonly (readonly string[])[] = [
  ['Fernmeldewerk AG', 'Kundenservice', 'Postfach 10 20 30', '53105 Bonn'],
  ['An die', 'Fernmeldewerk AG', 'Kundenservice', 'Postfach 10 20 30', '53105 Bonn'],
  ['Fernmeldewerk AG', 'Kundenbetreuung', 'Postfach 10 20 30', '53105 Bonn'],
  ['Fernmeldewerk AG', 'Geschäftskundenservice', 'Friedrich-Ebert-Allee 140', '53113 Bonn'],
  ['Firma', 'Fernmeldewerk', 'Postfach 102030', '53105 Bonn'],
  ['FMW Fernmeldewerk AG', 'Kundendialog', '53105 Bonn'],
];

export const SERVICE_EMAIL = ['kundenservice@fernmeldewerk.example', 'service@fernmeldewerk.example', 'info@fernmeldewerk.example'];

/** Subjects that do not name the request. */
export const NEUTRAL_SUBJECTS = [
  'Mein Anschluss', 'Anliegen', 'Ihr Schreiben vom {invoiceDate}', 'Kundenkonto {cn}', 'Anfrage', 'Wichtig!', 'Bitte um Bearbeitung',
  'Schreiben an den Kundenservice', 'Vertrag {contract}', '{cnLabel} {cn}', 'Mein Vertrag bei Ihnen', 'Eilt', 'Nachricht', 'Kundenanliegen',
];

interface PooledFrame {
  fillers: readonly string[];
  /** Context that says nothing about the request (how long a customer, earlier calls, the portal …). */
  background: readonly string[];
  elderly: readonly string[];
  angry: readonly string[];
  business: readonly string[];
  lawyer: readonly string[];
  postscripts: readonly string[];
}

const WRITTEN_FRAME_POOLS: Record<Pool, PooledFrame> = {
  train: {
    fillers: [
      'Für Rückfragen stehe ich Ihnen gern zur Verfügung.', 'Vielen Dank im Voraus für Ihre Mühe.',
      'Über eine kurze schriftliche Rückmeldung würde ich mich freuen.', 'Sie erreichen mich am besten unter {phone}.',
      'Ich bedanke mich für die schnelle Bearbeitung.', 'Bitte antworten Sie mir per Post, ich habe keine E-Mail-Adresse.',
      'Falls noch Unterlagen fehlen, geben Sie mir bitte Bescheid.', 'Eine Antwort per E-Mail an {email} ist mir am liebsten.',
      'Ich hoffe auf eine baldige Erledigung.', 'Danke und einen schönen Tag noch!', 'Bei Unklarheiten rufen Sie mich gern an: {phone}.',
      'Tagsüber bin ich meist erst ab 17 Uhr erreichbar.', 'Bitte bestätigen Sie mir den Eingang dieses Schreibens.',
      'Ich verlasse mich darauf, dass das diesmal klappt.', 'Vielen Dank für Ihre Bemühungen.', 'Ich bitte um eine kurze Bestätigung.',
      'Für Ihre Hilfe bedanke ich mich im Voraus.', 'Über eine schnelle Antwort würde ich mich sehr freuen.',
      'Bei Rückfragen erreichen Sie mich per E-Mail unter {email}.', 'Sie können mich auch gern anrufen.', 'Bitte melden Sie sich, falls etwas unklar ist.',
      'Ich warte auf Ihre Rückmeldung.', 'Danke im Voraus!', 'Ich hoffe, Sie können mir weiterhelfen.', 'Bitte bearbeiten Sie mein Anliegen zeitnah.',
      'Sollten Sie noch Informationen benötigen, geben Sie mir Bescheid.', 'Ich bin unter der oben genannten Nummer erreichbar.',
      'Eine schriftliche Antwort wäre mir lieb.', 'Ich bedanke mich für Ihr Verständnis.', 'Bitte antworten Sie mir an die oben genannte Adresse.',
      'Ich freue mich, von Ihnen zu hören.', 'Danke für Ihre Geduld mit mir.', 'Ich hoffe auf eine unkomplizierte Lösung.', 'Meine Telefonnummer lautet {phone}.',
      'Am besten erreichen Sie mich abends.', 'Gern stehe ich für Fragen zur Verfügung.',
    ],
    background: [
      'Ich bin seit {years} Jahren bei Ihnen und war bisher zufrieden.', 'Am Telefon konnte man mir leider nicht weiterhelfen.',
      'Im Kundenportal lässt sich das leider nicht erledigen.', 'Ich habe bereits zweimal bei Ihrer Hotline angerufen.',
      'Ihr Kollege im Shop hat mir geraten, Ihnen zu schreiben.', 'Das Kontaktformular auf Ihrer Webseite hat nicht funktioniert.',
      'Ich schreibe Ihnen, weil ich telefonisch niemanden erreiche.', 'Entschuldigen Sie die späte Rückmeldung.', 'Ich beziehe mich auf Ihr Schreiben vom {invoiceDate}.',
      'Wie bereits am Telefon besprochen, schreibe ich Ihnen heute.', 'Leider bin ich beruflich viel unterwegs.', 'Ich bin {kunde} seit {years} Jahren.',
      'Es ist bereits mein zweites Schreiben zu diesem Thema.', 'Bitte entschuldigen Sie meine Handschrift.', 'Mein Anschluss läuft auf meinen Namen.',
    ],
    elderly: [
      'Ich bin 82 Jahre alt und habe kein Internet, darum schreibe ich Ihnen auf diesem Wege.',
      'Meine Tochter hat mir geholfen, diesen Brief aufzusetzen, weil ich mit Formularen nicht gut zurechtkomme.',
      'Entschuldigen Sie bitte meine Schrift, die Augen wollen nicht mehr so recht.',
      'Seit dem Tod meines Ehepartners muss ich mich allein um den Papierkram kümmern.',
      'Am Telefon komme ich mit den Ansagen und den Tasten nicht zurecht, deshalb dieser Brief.',
      'Ich bin schon sehr lange bei Ihnen, noch aus der Zeit, als alles bei der Post war.',
    ],
    angry: [
      'Ich bin mit Ihrem Service zutiefst unzufrieden.', 'Das ist jetzt mein dritter Anlauf in dieser Sache!',
      'In Ihrer Hotline hänge ich jedes Mal {minutes} Minuten in der Warteschleife.',
      'Wenn sich bis Monatsende nichts tut, schalte ich die Verbraucherzentrale ein.', 'So geht man nicht mit langjährigen Kunden um!',
      'Meine Geduld ist endgültig aufgebraucht.', 'Ich erwarte, dass sich diesmal jemand ernsthaft darum kümmert.', 'Das ist absolut inakzeptabel.',
      'Ich fühle mich von Ihnen im Stich gelassen.', 'So einen schlechten Kundenservice habe ich noch nie erlebt.', 'Ich erwarte eine umgehende Reaktion!',
      'Ihre Warteschleife ist eine Zumutung.',
    ],
    business: [
      'als Geschäftskunde ({company}) wenden wir uns heute mit folgendem Anliegen an Sie.',
      'wir nutzen für unseren Betrieb seit {years} Jahren Ihre Anschlüsse.',
      'in Abstimmung mit unserer Geschäftsführung teilen wir Ihnen Folgendes mit.',
    ],
    lawyer: [
      'wir zeigen an, dass wir {herrnFrau} {name}, {address}, anwaltlich vertreten. Eine auf uns lautende Vollmacht fügen wir bei.',
      'hiermit zeigen wir die Vertretung {client}, {herrnFrau} {name}, wohnhaft {address}, an. Die Vollmacht liegt in Kopie bei.',
    ],
    postscripts: ['PS: Bitte keine Werbeanrufe mehr.', 'PS: Eine Kopie dieses Briefes geht vorab per Fax an Sie.', 'P.S. Meine Mobilnummer: {phone}'],
  },
  heldout: {
    fillers: [
      'Bei Fragen bin ich unter {phone} zu erreichen.', 'Herzlichen Dank für Ihre Unterstützung.', 'Ich freue mich auf Ihre Antwort.',
      'Eine kurze Nachricht, dass alles angekommen ist, wäre nett.', 'Rückfragen gern auch per Mail: {email}.',
      'Ich danke Ihnen schon jetzt für Ihr Verständnis.', 'Sollten Sie weitere Angaben benötigen, melden Sie sich bitte.',
      'Vormittags bin ich telefonisch nicht erreichbar, ab 16 Uhr aber gern.',
      'Ihre Antwort erbitte ich schriftlich an meine oben stehende Anschrift.', 'Ich hoffe, damit ist alles Nötige gesagt.',
      'Vielen Dank fürs Kümmern!', 'Eine Kopie dieses Schreibens habe ich für meine Unterlagen behalten.', 'Ich zähle auf eine zügige Erledigung.',
    ],
    background: [
      'Ihrem Unternehmen bin ich seit {years} Jahren treu.', 'Über die Hotline bin ich leider nicht durchgekommen.', 'Online konnte ich das nicht selbst ändern.',
      'Ich nehme Bezug auf unser Telefonat von letzter Woche.', 'Ihr Schreiben vom {invoiceDate} liegt mir vor.',
      'Der Mitarbeiter in Ihrer Filiale hat mich an Sie verwiesen.', 'Verzeihen Sie, dass ich mich erst jetzt melde.', 'Dies ist bereits mein zweiter Brief in dieser Sache.',
    ],
    elderly: [
      'Da ich schon über achtzig bin und keinen Computer besitze, wende ich mich schriftlich an Sie.',
      'Mein Enkel ist leider im Ausland, sonst hätte er das für mich am Computer erledigt.',
      'Bitte haben Sie Nachsicht, wenn ich mich umständlich ausdrücke.',
      'In der Telefonschleife habe ich aufgegeben, dort versteht man mich mit meinem Hörgerät kaum.',
      'Ich habe mir alles aufgeschrieben, damit ich nichts vergesse.',
      'Früher habe ich so etwas immer im Laden geregelt, aber den gibt es hier nicht mehr.',
    ],
    angry: [
      'Ehrlich gesagt bin ich fassungslos, wie hier mit Kunden umgegangen wird.', 'Niemand ruft zurück, niemand fühlt sich zuständig.',
      'Sollte ich wieder nichts hören, beschwere ich mich bei der Bundesnetzagentur.',
      'Ich habe {minutes} Minuten meiner Lebenszeit in Ihrer Warteschleife verbracht – ohne Ergebnis.',
      'Das ist an Unverschämtheit kaum zu überbieten.', 'Diesmal lasse ich mich nicht mehr vertrösten.',
    ],
    business: [
      'unser Unternehmen, die {company}, ist seit {years} Jahren Kunde bei Ihnen.',
      'im Namen unserer Firma möchten wir Folgendes klären.',
      'wir betreiben unter der obigen Anschrift unser Büro mit mehreren Anschlüssen.',
    ],
    lawyer: [
      'in vorbezeichneter Angelegenheit hat uns {herrnFrau} {name} ({address}) mit der Interessenvertretung beauftragt. Ordnungsgemäße Bevollmächtigung wird anwaltlich versichert.',
      'wir vertreten die rechtlichen Interessen {client} {herrnFrau} {name}, {address}; die Vollmacht ist beigefügt.',
    ],
    postscripts: ['PS: Rückruf bitte nur abends.', 'PS: Diesen Brief schicke ich sicherheitshalber per Einschreiben.', 'P.S.: Erreichbar bin ich unter {phone}.'],
  },
};

/** The pools as used: the train pool also carries the second, independently written set of frame.extra.ts. */
export const FRAME_POOLS: Record<Pool, PooledFrame> = {
  train: {
    ...WRITTEN_FRAME_POOLS.train,
    fillers: [...WRITTEN_FRAME_POOLS.train.fillers, ...EXTRA_TRAIN_FRAME.fillers],
    background: [...WRITTEN_FRAME_POOLS.train.background, ...EXTRA_TRAIN_FRAME.background],
    elderly: [...WRITTEN_FRAME_POOLS.train.elderly, ...EXTRA_TRAIN_FRAME.elderly],
    angry: [...WRITTEN_FRAME_POOLS.train.angry, ...EXTRA_TRAIN_FRAME.angry],
    postscripts: [...WRITTEN_FRAME_POOLS.train.postscripts, ...EXTRA_TRAIN_FRAME.postscripts],
  },
  heldout: WRITTEN_FRAME_POOLS.heldout,
};
