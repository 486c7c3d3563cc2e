/**
 * A third set of frame sentences for the TRAIN pool (frame.phrases.ts merges them in), written with the cores
 * of phrasings/train.third.ts: small talk, background and complaints that say nothing about the request, some
 * of them with words that belong to a class elsewhere ("Shop", "Rechnung", "Vertrag", "Techniker") so that the
 * model learns that such words in the frame are no hint.
 */
export const THIRD_TRAIN_FRAME = {
  fillers: [
    'Herzlichen Dank, dass Sie sich darum kümmern.', 'Ein Zweizeiler als Antwort genügt völlig.',
    'Meine Kundennummer steht oben im Brief.', 'Bitte rufen Sie mich nicht während der Arbeitszeit an.',
    'Ich lese meine E-Mails nur am Wochenende.', 'Viele Grüße auch an Ihre Kollegen.', 'Bleiben Sie gesund!',
    'Ich hoffe, das ist so verständlich.',
  ],
  background: [
    'Der Verkäufer in der Bahnhofsfiliale meinte, das gehe nur schriftlich.', 'Die letzte Rechnung habe ich wie immer pünktlich bezahlt.',
    'Meinen Vertrag habe ich damals online abgeschlossen.', 'Ihr Techniker war letztes Jahr schon einmal bei mir.',
    'Ich nutze den Anschluss vor allem für das Homeoffice.', 'Wir sind eine Familie mit drei Kindern, und alle hängen am WLAN.',
    'Das Kundenportal zeigt bei mir nur eine Fehlermeldung.', 'Ich schreibe aus dem Urlaub, deshalb etwas kurz.',
  ],
  elderly: [
    'Ich bin 86 und schreibe nicht mehr so schnell wie früher.', 'Computer habe ich keinen, nur mein altes Telefon.',
    'Mein Schwiegersohn hat mir die Adresse herausgesucht.',
  ],
  angry: [
    'Langsam verliere ich die Geduld mit Ihnen.', 'Ich habe Besseres zu tun, als Ihnen ständig Briefe zu schreiben.',
    'Bei Ihrer Konkurrenz wäre das längst erledigt.', 'So behandelt man keine Kunden.',
  ],
  postscripts: ['PS: Bitte schicken Sie mir keine Werbung mit der Antwort.', 'PS: Meine E-Mail-Adresse lautet {email}.'],
};
