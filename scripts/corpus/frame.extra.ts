/**
 * More frame sentences for the TRAIN pool (frame.phrases.ts merges them in): small talk, background and
 * complaints that say nothing about the request. Real letters are full of such sentences, and every writer has
 * their own; the more different ones the training letters carry, the better the model learns to give words
 * outside the request little weight instead of reading "Nachbarin", "Schichtdienst" or "Hotline" as a hint.
 */
export const EXTRA_TRAIN_FRAME = {
  fillers: [
    'Ich wäre Ihnen für eine zügige Bearbeitung sehr verbunden.', 'Schreiben Sie mir bitte, wenn alles erledigt ist.',
    'Mit einer Antwort innerhalb der nächsten zwei Wochen rechne ich.', 'Bitte geben Sie mir kurz Bescheid, ob alles geklappt hat.',
    'Meine Frau ist tagsüber zu Hause und nimmt Anrufe entgegen.', 'Für Ihre Unterstützung sage ich schon jetzt danke.',
    'Post erreicht mich am zuverlässigsten.', 'Ich bin ab dem 15. für drei Wochen verreist.', 'Eine Eingangsbestätigung genügt mir.',
    'Melden Sie sich gern, wenn noch etwas fehlt.', 'Ich danke Ihnen für die Hilfe.', 'Schönes Wochenende!',
  ],
  background: [
    'Mein Nachbar hat mir gesagt, dass ich das schriftlich machen muss.', 'Ich arbeite im Schichtdienst und kann nicht zu Ihren Zeiten anrufen.',
    'Auf Ihrer Internetseite habe ich die richtige Stelle nicht gefunden.', 'Den Brief schreibe ich am Küchentisch, weil mein Drucker streikt.',
    'Ihre App stürzt bei mir jedes Mal ab, deshalb auf diesem Weg.',
    'Seit dem Umbau der Filiale in der Innenstadt finde ich dort niemanden mehr.', 'Meine Kinder sind aus dem Haus, ich kümmere mich jetzt allein darum.',
    'Ich bin Rentner und habe zum Glück Zeit für so etwas.', 'Mein Arbeitgeber zahlt einen Teil des Vertrags, darum ist mir das wichtig.',
    'Die Dame an der Hotline war sehr freundlich, konnte aber nichts eintragen.', 'Vor Jahren hatte ich schon einmal einen Vertrag bei Ihnen.',
  ],
  elderly: [
    'Mein Sohn wohnt weit weg und kann mir nicht helfen.',
    'Ich bin 79 und sehe nicht mehr so gut, bitte haben Sie Nachsicht.', 'Früher hat das alles mein Mann erledigt.',
    'Die Nachbarin hat mir beim Schreiben geholfen.', 'Bitte schreiben Sie mir groß und deutlich zurück.',
  ],
  angry: [
    'Ich bin wirklich enttäuscht von Ihnen.', 'Niemand bei Ihnen fühlt sich zuständig!', 'Das habe ich jetzt schon dreimal erklärt.',
    'Ich werde Sie nicht weiterempfehlen.', 'Ihre E-Mails beantworten nur Textbausteine.', 'Es kann doch nicht so schwer sein!',
    'Ich habe langsam das Gefühl, Sie wollen mich ärgern.', 'Ich erwarte eine Entschuldigung.',
  ],
  postscripts: ['PS: Meine Festnetznummer ist abends besser zu erreichen.', 'PS: Bitte schicken Sie keine Vertreter vorbei.'],
};
